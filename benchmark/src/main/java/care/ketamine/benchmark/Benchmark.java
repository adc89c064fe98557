package care.ketamine.benchmark;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.infrastructure.FreePort;
import care.ketamine.infrastructure.KafkaBroker;
import care.ketamine.infrastructure.PostgresServer;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.ServiceJvm;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.DoubleStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One bounded benchmark run on this machine, everything on 127.0.0.1: a real broker and PostgreSQL,
 * vitals-service and alerting-service as processes, baselines measured in the same run. Writes
 * docs/benchmarks.md (newest run first, earlier runs kept). Run with deploy/local/benchmark.
 */
public final class Benchmark {

    private static final String JSON = "application/json";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "50"));
        int backgroundSessions = Integer.parseInt(options.getOrDefault("background-sessions", "10000"));
        int backgroundRate = Integer.parseInt(options.getOrDefault("background-rate", "2000"));
        Duration warmUp = Duration.ofSeconds(Math.max(3, seconds / 3));
        Duration measured = Duration.ofSeconds(seconds);

        Path root = DevKeys.projectRoot();
        Path work = Files.createTempDirectory("ketamine-benchmark");
        Path logs = Files.createDirectories(root.resolve("benchmark/target/logs"));
        List<String> report = new ArrayList<>();
        System.out.println("benchmark: starting the broker and PostgreSQL in " + work);
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), FreePort.find(), FreePort.find()).start();
             PostgresServer postgres = new PostgresServer(work.resolve("postgres"), FreePort.find()).start()) {
            String kafka = broker.bootstrapServers();
            List<String> vitalsOptions = new ArrayList<>();
            if (options.containsKey("profile")) { // --profile FILE.jfr: a flight recording of vitals-service, for profiling
                vitalsOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + Path.of(options.get("profile")).toAbsolutePath());
            }
            try (ServiceUnderTest vitals = ServiceUnderTest.start("vitals-service", kafka, postgres.port(), logs, vitalsOptions);
                 ServiceUnderTest alerting = ServiceUnderTest.start("alerting-service", kafka, postgres.port(), logs,
                         alertingOptions(options))) {
                System.out.printf("benchmark: vitals ready in %d ms, alerting in %d ms%n", vitals.startupMillis, alerting.startupMillis);

                List<String> loadSessions = IntStream.range(0, connections).mapToObj(i -> "bench-load-" + i).toList();
                List<String> background = IntStream.range(0, backgroundSessions).mapToObj(i -> "bench-bg-" + i).toList();
                String probe = "bench-probe-" + Instant.now().toEpochMilli();
                List<String> announced = new ArrayList<>(loadSessions);
                announced.addAll(background);
                announced.add(probe);
                MonitoredSessions.announce(kafka, announced, "dr-bench");
                Map<String, String> tokens = new ConcurrentHashMap<>();
                loadSessions.forEach(s -> tokens.put(s, DevTokens.forSession(Roles.PATIENT_DEVICE, s)));
                awaitAdmitted(vitals, probe, DevTokens.forSession(Roles.PATIENT_DEVICE, probe), background.get(background.size() - 1));

                double rawPerSecond = rawProducer(kafka, measured);
                System.out.printf("benchmark: raw producer %.0f records/s%n", rawPerSecond);

                boolean wrk = WrkLoad.available();
                System.out.println("benchmark: load generator: " + (wrk ? "wrk" : "Java HttpClient (install wrk for lighter load)"));
                LoadRun.Result bare;
                try (BareEndpoint endpoint = BareEndpoint.start(kafka)) {
                    bare = load(wrk, "bare endpoint (Vert.x, token, JSON, producer ack; benchmark's JVM)", endpoint.url(""),
                            loadSessions, tokens, BareEndpoint.PATH, connections, warmUp, measured, 1);
                }
                print(bare);
                Usage singleVitals = Usage.start(vitals);
                Usage singleAlerting = Usage.start(alerting);
                Usage singleMachine = Usage.start(Usage.MACHINE);
                LoadRun.Result single = load(wrk, "single readings", vitals.url(""), loadSessions, tokens, "/sessions/%s/readings",
                        connections, warmUp, measured, 1);
                Phase singlePhase = new Phase(singleVitals.stop(), singleAlerting.stop(), singleMachine.stop());
                print(single);
                Usage batchVitals = Usage.start(vitals);
                Usage batchAlerting = Usage.start(alerting);
                Usage batchMachine = Usage.start(Usage.MACHINE);
                LoadRun.Result batches = load(wrk, "batches of " + batchSize, vitals.url(""), loadSessions, tokens,
                        "/sessions/%s/readings/batch", connections, warmUp, measured, batchSize);
                Phase batchPhase = new Phase(batchVitals.stop(), batchAlerting.stop(), batchMachine.stop());
                print(batches);

                long behind = awaitCaughtUp(alerting, Duration.ofSeconds(300));
                alertingBacklogRate = alertingBacklogRate(kafka, alerting, background, ALERTING_BACKLOG);
                System.out.printf("benchmark: alerting worked through a backlog of %d readings at %.0f readings/s "
                        + "(records behind before it: %d)%n", ALERTING_BACKLOG, alertingBacklogRate, behind);
                Usage vitalsUsage = Usage.start(vitals);
                Usage alertingUsage = Usage.start(alerting);
                Usage machineUsage = Usage.start(Usage.MACHINE);
                Detection detection = detectionUnderLoad(wrk, vitals, alerting, probe, background, backgroundRate, Duration.ofSeconds(30));
                Phase detectionPhase = new Phase(vitalsUsage.stop(), alertingUsage.stop(), machineUsage.stop());
                System.out.printf("benchmark: detection p50 %.1f ms, p99 %.1f ms over %d of %d probes; background %.0f readings/s; "
                        + "alerting %d records behind%n", detection.p50(), detection.p99(), detection.probes(), detection.sent(),
                        detection.backgroundPerSecond(), detection.alertingBehind());

                report = markdown(options, connections, batchSize, measured, rawPerSecond, bare, single, batches, detection,
                        vitals, alerting, singlePhase, batchPhase, detectionPhase, backgroundSessions, backgroundRate);
            }
        }
        write(root.resolve("docs/benchmarks.md"), report);
        System.out.println("benchmark: written to docs/benchmarks.md");
    }

    /** One load phase, through wrk when installed, else the Java client; each request a new reading (or batch). */
    private static LoadRun.Result load(boolean wrk, String name, String base, List<String> sessions,
                                       Map<String, String> tokens, String pathTemplate, int connections, Duration warmUp,
                                       Duration measured, int items) throws Exception {
        if (wrk) {
            List<String> targets = sessions.stream().map(s -> pathTemplate.formatted(s) + " " + tokens.get(s)).toList();
            return WrkLoad.run(name, base, targets, connections, warmUp, measured, items).orElseThrow();
        }
        String prefix = name.replaceAll("\\W", "");
        return LoadRun.run(name, connections, warmUp, measured, items, (t, n) -> {
            String session = sessions.get(t % sessions.size());
            String url = base + pathTemplate.formatted(session);
            String body = items == 1 ? reading(prefix + "-" + t + "-" + n, 120 + (int) (n % 20), 80)
                    : batch(prefix + "-" + t + "-" + n, items);
            return post(url, tokens.get(session), body);
        });
    }

    /** {@code --name value} pairs, by name without the dashes: the benchmark's and the fault run's options. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Until vitals has projected the sessions: the probe's and the last background session's readings are taken. */
    private static void awaitAdmitted(ServiceUnderTest vitals, String probe, String probeToken, String lastBackground)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (String session : List.of(probe, lastBackground)) {
            String token = session.equals(probe) ? probeToken : DevTokens.forSession(Roles.PATIENT_DEVICE, session);
            while (http.send(post(vitals.url("/sessions/" + session + "/readings"), token,
                    reading("admitted-" + System.nanoTime(), 120, 80)), HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("vitals did not learn of the benchmark's sessions in 120 s");
                }
                Thread.sleep(200);
            }
        }
    }

    /** The raw producer with the endpoint's settings (acks=all, idempotence), ~200-byte records. */
    private static double rawProducer(String kafka, Duration measured) throws Exception {
        String topic = "benchmark.raw";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.partitions(Topics.VITALS_OBSERVATIONS), (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String value = reading("raw-0000000000", 120, 80);
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, String> producer = MonitoredSessions.producer(kafka)) {
            long end = System.nanoTime() + measured.toNanos();
            long n = 0;
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, "session-" + (n++ % 64), value), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        return acked.get() / (measured.toNanos() / 1e9);
    }

    static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", JSON).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String reading(String readingId, int systolic, int diastolic) {
        return "{\"readingId\": \"" + readingId + "\", \"systolic\": " + systolic + ", \"diastolic\": " + diastolic
                + ", \"heartRate\": 76, \"spo2\": 97, \"measuredAt\": \"" + Instant.now().minusMillis(500) + "\"}";
    }

    private static String batch(String prefix, int size) {
        return IntStream.range(0, size).mapToObj(i -> reading(prefix + "-" + i, 120 + i % 20, 80))
                .collect(Collectors.joining(",", "{\"readings\": [", "]}"));
    }

    private static void print(LoadRun.Result r) {
        System.out.printf(Locale.ROOT, "benchmark: %s: %.0f requests/s, %.0f readings/s, p50 %.2f ms, p99 %.2f ms, %d failed%n",
                r.name(), r.requestsPerSecond(), r.itemsPerSecond(), r.p50Millis(), r.p99Millis(), r.failures());
    }

    /** CPU over one phase: vitals, alerting and the whole machine. */
    record Phase(Usage.Figures vitals, Usage.Figures alerting, Usage.Figures machine) {
    }

    record Detection(double p50, double p99, int probes, int sent, double backgroundPerSecond, long backgroundFailures,
                     long alertingBehind) {
    }

    /** --alerting-consumers N: alerting evaluates vitals.observations on N consumers (default: its configuration, 1). */
    private static List<String> alertingOptions(Map<String, String> options) {
        String consumers = options.get("alerting-consumers");
        if (consumers == null) {
            return List.of();
        }
        if (!consumers.matches("[1-9]")) {
            throw new IllegalArgumentException("--alerting-consumers takes 1 to 9, not " + consumers);
        }
        return List.of("-Dmp.messaging.incoming.observations.partitions=" + consumers);
    }

    /** Readings put straight on vitals.observations for alerting to work through. */
    private static final int ALERTING_BACKLOG = 100_000;

    /** Readings per second alerting evaluated working through {@link #ALERTING_BACKLOG} (0: none measured). */
    private static double alertingBacklogRate;

    /**
     * Puts a backlog of normal readings of the background sessions straight on vitals.observations (as
     * vitals publishes them) and times alerting through it: its evaluation rate with no HTTP load, while
     * vitals' history projection works through the same records.
     */
    private static double alertingBacklogRate(String kafka, ServiceUnderTest alerting, List<String> sessions, int count)
            throws Exception {
        double before = readingsConsumed(alerting);
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = MonitoredSessions.producer(kafka)) {
            for (int i = 0; i < count; i++) {
                String session = sessions.get(i % sessions.size());
                Instant at = Instant.now();
                ReadingRecorded reading = new ReadingRecorded("backlog-" + i, session, "bench-device", 118 + i % 15, 78, 74,
                        97, at, at);
                producer.send(new ProducerRecord<>(Topics.VITALS_OBSERVATIONS, session,
                        EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, session, reading, Clock.systemUTC()))));
            }
            producer.flush();
        }
        long deadline = started + TimeUnit.SECONDS.toNanos(300);
        while (readingsConsumed(alerting) - before < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return (readingsConsumed(alerting) - before) / ((System.nanoTime() - started) / 1e9);
    }

    /** Waits until alerting's consumers are (nearly) caught up with the topic; returns how far behind they are. */
    private static long awaitCaughtUp(ServiceUnderTest alerting, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        long behind = recordsBehind(alerting);
        while (behind > 100 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            behind = recordsBehind(alerting);
        }
        return behind;
    }

    /** How many vitals.observations records the service's consumers have taken, from its Prometheus metrics. */
    static double readingsConsumed(ServiceUnderTest service) throws Exception {
        return metric(service, line -> line.startsWith("kafka_consumer_fetch_manager_records_consumed_total{")
                && line.contains("topic=\"vitals.observations\"")).sum();
    }

    /**
     * How many vitals.observations records the service's consumers are behind now: the sum of the
     * partitions' current records-lag (records-lag-max, used before, is the largest over the last
     * minute or so and still showed a backlog long worked off).
     */
    static long recordsBehind(ServiceUnderTest service) throws Exception {
        return (long) metric(service, line -> line.startsWith("kafka_consumer_fetch_manager_records_lag{")
                && line.contains("topic=\"vitals.observations\"")).sum();
    }

    /** The values of the service's Prometheus lines that {@code select} picks, NaN left out. */
    private static DoubleStream metric(ServiceUnderTest service, Predicate<String> select) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.managementUrl("/q/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(select).map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(number -> !number.equals("NaN")).mapToDouble(Double::parseDouble);
    }

    /**
     * Background readings (normal values) at {@code rate}/s spread over the background sessions; every
     * 500 ms a crisis reading for the probe session, timed until its alert (with that value) is on
     * alerting's live stream.
     */
    private static Detection detectionUnderLoad(boolean wrk, ServiceUnderTest vitals, ServiceUnderTest alerting, String probe,
                                                List<String> background, int rate, Duration length) throws Exception {
        Map<String, Long> posted = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(60_000_000L, 3);
        Pattern value = Pattern.compile("\"sessionId\":\"" + Pattern.quote(probe) + "\".*?\"latestValue\":\"(\\d+)/(\\d+) mm\\[Hg]\"");
        HttpClient streamClient = HttpClient.newHttpClient();
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread listener = new Thread(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> stream = streamClient.send(HttpRequest.newBuilder(
                                URI.create(alerting.url("/alerts/stream"))).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + DevTokens.forRole(Roles.ADMIN)).build(), HttpResponse.BodyHandlers.ofLines());
                subscribed.countDown();
                stream.body().forEach(line -> {
                    Matcher m = value.matcher(line);
                    if (line.startsWith("data:") && m.find()) {
                        Long at = posted.remove(m.group(1) + "/" + m.group(2));
                        if (at != null) {
                            synchronized (latency) {
                                latency.recordValue(Math.max(1, (System.nanoTime() - at) / 1_000));
                            }
                        }
                    }
                });
            } catch (Exception e) {
                subscribed.countDown();
            }
        }, "alerts-stream");
        listener.setDaemon(true);
        listener.start();
        subscribed.await(10, TimeUnit.SECONDS);

        // The background: wrk paced at the rate when installed (the Java client could not send 2,000/s
        // alongside the services), else the Java client.
        Map<String, String> tokens = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        WrkLoad.Paced paced = null;
        if (wrk) {
            List<String> targets = background.stream().map(session -> "/sessions/" + session + "/readings "
                    + DevTokens.forSession(Roles.PATIENT_DEVICE, session)).toList();
            paced = WrkLoad.startPaced(vitals.url(""), targets, 200, rate, length.plusSeconds(6));
        } else {
            HttpClient backgroundClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).build();
            int perTick = Math.max(1, rate / 100); // every 10 ms
            pace.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    long n = sent.getAndIncrement();
                    String session = background.get((int) (n % background.size()));
                    String token = tokens.computeIfAbsent(session, s -> DevTokens.forSession(Roles.PATIENT_DEVICE, s));
                    backgroundClient.sendAsync(post(vitals.url("/sessions/" + session + "/readings"), token,
                                    reading("bg-" + n, 118 + (int) (n % 10), 78)), HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> (e == null && r.statusCode() == 202 ? ok : failed).incrementAndGet());
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        Thread.sleep(5_000); // the background load settles first
        HttpClient probeClient = HttpClient.newHttpClient();
        String probeToken = DevTokens.forSession(Roles.PATIENT_DEVICE, probe);
        int probes = 0;
        long loadStarted = System.nanoTime();
        long okAtStart = ok.get();
        for (long end = System.nanoTime() + length.toNanos(); System.nanoTime() < end && probes < 60; probes++) {
            int systolic = 181 + probes;
            posted.put(systolic + "/100", System.nanoTime());
            probeClient.send(post(vitals.url("/sessions/" + probe + "/readings"), probeToken,
                    reading("probe-" + probes, systolic, 100)), HttpResponse.BodyHandlers.discarding());
            Thread.sleep(500);
        }
        double backgroundPerSecond = (ok.get() - okAtStart) / (ServiceUnderTest.since(loadStarted).toNanos() / 1e9);
        long behind = recordsBehind(alerting);
        pace.shutdownNow();
        if (paced != null) {
            backgroundPerSecond = paced.readingsPerSecond();
        }
        // The probes' alerts still on their way arrive: waited for up to 60 s, each timed from its own post.
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !posted.isEmpty() && System.nanoTime() < end; ) {
            Thread.sleep(200);
        }
        synchronized (latency) {
            return new Detection(latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    (int) latency.getTotalCount(), probes, backgroundPerSecond, failed.get(), behind);
        }
    }

    private static List<String> markdown(Map<String, String> options, int connections, int batchSize, Duration measured,
                                         double raw, LoadRun.Result bare, LoadRun.Result single, LoadRun.Result batches,
                                         Detection detection, ServiceUnderTest vitals, ServiceUnderTest alerting,
                                         Phase singleCpu, Phase batchCpu, Phase detectionCpu,
                                         int backgroundSessions, int backgroundRate) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("unknown");
        long memoryMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(0L);
        List<String> lines = new ArrayList<>();
        lines.add("## Run of " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        lines.add("");
        lines.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryMb
                + " MB; Java " + System.getProperty("java.version") + ". Everything on 127.0.0.1: broker, PostgreSQL, "
                + "vitals-service and alerting-service (JVM options of deploy/local/service.jvm-options: "
                + String.join(" ", ServiceJvm.effectiveOptions()) + ") and the load generator share the machine.");
        lines.add("Settings: " + connections + " connections, closed loop (wrk with 2 threads when installed, else one Java "
                + "HttpClient thread per connection; the table names which), "
                + measured.toSeconds() + " s measured after a warm-up, batches of " + batchSize + "; detection under "
                + backgroundRate + " readings/s spread over " + backgroundSessions + " sessions. Options: " + options);
        lines.add("");
        lines.add("| what | requests/s | readings/s | p50 ms | p99 ms | failed | vs bare endpoint | vs raw producer |");
        lines.add("|---|---|---|---|---|---|---|---|");
        lines.add(String.format(Locale.ROOT, "| raw Kafka producer (acks=all, idempotent, ~200 B) | | %.0f | | | | | 1.00 |", raw));
        for (LoadRun.Result r : List.of(bare, single, batches)) {
            lines.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f | %d | %.2f | %.2f |", r.name(),
                    r.requestsPerSecond(), r.itemsPerSecond(), r.p50Millis(), r.p99Millis(), r.failures(),
                    r.itemsPerSecond() / bare.itemsPerSecond(), r.itemsPerSecond() / raw));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Detection latency (a crisis reading posted to its alert on `/alerts/stream`), "
                        + "under %.0f background readings/s achieved of %d asked (%d background requests failed): p50 %.1f ms, "
                        + "p99 %.1f ms; %d of %d probes' alerts arrived within 60 s of the load ending. alerting's consumers were "
                        + "%d records behind the topic when the load ended.", detection.backgroundPerSecond(), backgroundRate,
                detection.backgroundFailures(), detection.p50(), detection.p99(), detection.probes(), detection.sent(),
                detection.alertingBehind()));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "alerting-service's evaluation rate, working through %,d readings put straight on "
                + "vitals.observations, with no HTTP load (vitals' history projection takes the same records): %.0f readings/s.",
                ALERTING_BACKLOG, alertingBacklogRate));
        lines.add("");
        lines.add("| CPU (% of one core) and RSS | startup to ready | single readings | batches | detection load | RSS after |");
        lines.add("|---|---|---|---|---|---|");
        lines.add(String.format(Locale.ROOT, "| vitals-service | %d ms | %.0f %% | %.0f %% | %.0f %% | %.0f MB |", vitals.startupMillis,
                singleCpu.vitals().cpuPercent(), batchCpu.vitals().cpuPercent(), detectionCpu.vitals().cpuPercent(),
                detectionCpu.vitals().rssMb()));
        lines.add(String.format(Locale.ROOT, "| alerting-service | %d ms | %.0f %% | %.0f %% | %.0f %% | %.0f MB |",
                alerting.startupMillis, singleCpu.alerting().cpuPercent(), batchCpu.alerting().cpuPercent(),
                detectionCpu.alerting().cpuPercent(), detectionCpu.alerting().rssMb()));
        lines.add(String.format(Locale.ROOT, "| whole machine (broker, PostgreSQL, wrk and the rest included) | | %.0f %% | %.0f %% "
                + "| %.0f %% | |", singleCpu.machine().cpuPercent(), batchCpu.machine().cpuPercent(), detectionCpu.machine().cpuPercent()));
        lines.add("");
        lines.add("(CPU: percent of one core, from /proc; 200 % is both cores.)");
        lines.add("");
        return lines;
    }

    /** docs/benchmarks.md: its header, then this run, then the earlier runs as they were. */
    private static void write(Path file, List<String> run) throws Exception {
        String header = "# Benchmarks\n\nWritten by `deploy/local/benchmark` (see the README). Newest run first; earlier runs are "
                + "kept for comparison. Every figure of a run comes from that one run on that machine.\n\n";
        String earlier = "";
        if (Files.exists(file)) {
            String existing = Files.readString(file);
            int first = existing.indexOf("## Run of ");
            earlier = first < 0 ? "" : existing.substring(first);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, header + String.join("\n", run) + "\n" + earlier);
    }
}
