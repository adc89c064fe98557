package care.ketamine.benchmark.faults;

import care.ketamine.benchmark.MonitoredSessions;
import care.ketamine.benchmark.faults.DeviceLoad.Delivery;
import care.ketamine.benchmark.faults.FaultPlan.Fault;
import care.ketamine.benchmark.faults.FaultPlan.Kind;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.infrastructure.FreePort;
import care.ketamine.infrastructure.KafkaBroker;
import care.ketamine.infrastructure.KafkaNode;
import care.ketamine.infrastructure.LoadBalancerConfig;
import care.ketamine.infrastructure.PostgresServer;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.ServiceJvm;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fault run: a three-broker cluster, PostgreSQL, session-service, two replicas each of vitals-service
 * and alerting-service behind HAProxy, home devices at a steady load with crisis readings at known times,
 * and faults at seeded times; then a reconciliation by reading id. Exits 1 on any loss or duplicate.
 * Run with deploy/local/chaos.
 */
public final class FaultRun {

    /** Escalation of a critical alert in the run: the clinician at once, tier 1 and tier 2 soon after. */
    private static final int TIER_1_AFTER = 20;
    private static final int TIER_2_AFTER = 40;
    private static final Duration CRISIS_EVERY = Duration.ofSeconds(15);
    private static final String CLINICIAN = "dr-faults";
    /** How long a process may take to be ready: on two busy cores a service's start takes minutes. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private final Options options;
    private final Path work;
    private final String prefix;
    private final List<RunProcess> brokers = new ArrayList<>();
    private final List<KafkaBroker.Node> nodes;
    private final String kafka;
    private final PostgresServer postgres;
    private final Map<String, List<RunProcess>> services = new LinkedHashMap<>();
    private final List<FaultRecord> record = new CopyOnWriteArrayList<>();
    private final Instant began = Instant.now();
    private Instant loadStarted;
    private Instant loadStopped;

    /** A fault as it happened: when (into the load), to what, and how long until it served again. */
    record FaultRecord(Fault fault, String target, Instant struck, Instant restarted, Duration readyAfter) {
    }

    public record Options(int minutes, long seed, int sessions, int rate, List<Kind> faults, Path work) {

        public static Options parse(String[] args) {
            Map<String, String> given = care.ketamine.benchmark.Benchmark.options(args);
            List<Kind> faults = given.getOrDefault("faults", "").equals("none") ? List.of() : given.containsKey("faults")
                    ? List.of(given.get("faults").split(",")).stream().map(s -> Kind.valueOf(s.trim().toUpperCase(Locale.ROOT)
                    .replace('-', '_'))).toList()
                    : FaultPlan.FULL;
            return new Options(Integer.parseInt(given.getOrDefault("minutes", "10")),
                    Long.parseLong(given.getOrDefault("seed", String.valueOf(System.currentTimeMillis() % 100_000))),
                    Integer.parseInt(given.getOrDefault("sessions", "200")),
                    Integer.parseInt(given.getOrDefault("rate", "40")), faults,
                    given.containsKey("work") ? Path.of(given.get("work")) : null);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        boolean passed = run(options);
        System.exit(passed ? 0 : 1);
    }

    /** One whole run; true when nothing was lost or duplicated. The report is in WORK/report.md. */
    public static boolean run(Options options) throws Exception {
        // The run's own folder, emptied first: a broker or database left from an earlier run would hold its readings.
        Path work = options.work() != null ? emptied(options.work()) : Files.createTempDirectory("ketamine-faults");
        Files.createDirectories(work.resolve("logs"));
        FaultRun run = new FaultRun(options, work);
        try {
            return run.go();
        } finally {
            run.stopAll();
        }
    }

    private static Path emptied(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!path.equals(folder)) {
                        Files.delete(path);
                    }
                }
            }
        }
        return Files.createDirectories(folder);
    }

    private FaultRun(Options options, Path work) {
        this.options = options;
        this.work = work;
        this.prefix = "faults-" + options.seed() + "-";
        this.nodes = KafkaNode.nodes(IntStream.range(0, 3).mapToObj(i -> FreePort.find() + ":" + FreePort.find())
                .collect(Collectors.joining(",")));
        this.kafka = KafkaBroker.bootstrapServers(nodes);
        this.postgres = PostgresServer.throwaway(work.resolve("postgres"), FreePort.find());
    }

    private boolean go() throws Exception {
        FaultPlan plan = FaultPlan.of(options.faults(), Duration.ofMinutes(options.minutes()), options.seed());
        say("seed %d, %d min, %d sessions, %d readings/s; work and logs in %s", options.seed(), options.minutes(),
                options.sessions(), options.rate(), work);
        for (Fault f : plan.faults()) {
            say("  planned at %3d s: %s (down %d s)", f.at().toSeconds(), f.kind().description, f.pause().toSeconds());
        }
        startCluster();
        try (Pager pager = new Pager(FreePort.find())) {
            startServices(pager);
            int vitalsPort = FreePort.find();
            int alertingPort = FreePort.find();
            RunProcess balancer = LoadBalancer.of(work, List.of(
                    new LoadBalancerConfig.Frontend("vitals", vitalsPort, replicas("vitals-service")),
                    new LoadBalancerConfig.Frontend("alerting", alertingPort, replicas("alerting-service")))).start();
            balancer.awaitReady(Duration.ofSeconds(30));
            String alertingUrl = "http://127.0.0.1:" + alertingPort;
            configurePaging(alertingUrl);

            List<String> sessions = IntStream.range(0, options.sessions()).mapToObj(i -> prefix + i).toList();
            // Enough for the run and the overrun of slow restarts: a crisis every CRISIS_EVERY while the load runs.
            int crises = (int) (Duration.ofMinutes(options.minutes() + 15).toSeconds() / CRISIS_EVERY.toSeconds());
            List<String> crisisSessions = IntStream.range(0, crises).mapToObj(i -> prefix + "crisis-" + i).toList();
            List<String> all = new ArrayList<>(sessions);
            all.addAll(crisisSessions);
            MonitoredSessions.announce(kafka, all, CLINICIAN);
            DeviceLoad devices = new DeviceLoad("http://127.0.0.1:" + vitalsPort, sessions);
            awaitAdmitted("http://127.0.0.1:" + vitalsPort, sessions.get(sessions.size() - 1));

            say("load: %d readings/s over %d sessions, a crisis reading every %d s", options.rate(), sessions.size(),
                    CRISIS_EVERY.toSeconds());
            loadStarted = Instant.now();
            devices.start(options.rate());
            Thread faults = new Thread(() -> strike(plan), "faults");
            faults.start();
            List<Delivery> crisisReadings = new ArrayList<>();
            // The load runs its minutes, and on while faults are still being recovered from (a restart on a busy
            // machine can outlast the plan), then one more crisis period so that the last recovery is under load.
            Instant plannedEnd = loadStarted.plus(Duration.ofMinutes(options.minutes()));
            for (int i = 0; i < crises && (faults.isAlive() || Instant.now().isBefore(plannedEnd)); i++) {
                sleepUntil(loadStarted.plus(CRISIS_EVERY.multipliedBy(i + 1)));
                crisisReadings.add(devices.crisis(crisisSessions.get(i)));
                if (i % 4 == 3) {
                    say("%3d s: %d readings sent, %d held by devices, %d pages", secondsIn(Instant.now()),
                            devices.deliveries().size(), devices.held(), pager.pages().size());
                }
            }
            faults.join();
            Thread.sleep(CRISIS_EVERY.toMillis());
            loadStopped = Instant.now();
            devices.stopSending(loadStopped.plus(Duration.ofMinutes(10)));
            say("load stopped; waiting for the devices' held readings");
            devices.awaitSettled();

            Reconciliation reconciliation = settle(devices, pager);
            pager.write(work.resolve("pages.csv"));
            String report = report(plan, reconciliation, crisisReadings);
            Files.writeString(work.resolve("report.md"), report);
            System.out.println();
            System.out.println(report);
            say(reconciliation.passed() ? "PASSED: nothing lost, nothing duplicated" : "FAILED: see the table");
            balancer.kill();
            return reconciliation.passed();
        }
    }

    private void startCluster() throws Exception {
        String classpath = System.getProperty("java.class.path");
        for (KafkaBroker.Node node : nodes) {
            // The brokers are the harness, not the system under test: small, and compiled by C1 alone, so that their
            // JIT does not take the cores the services need on a small machine.
            brokers.add(RunProcess.printingReady("kafka-" + node.id(), List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", classpath,
                    KafkaNode.class.getName(), "--data", work.resolve("kafka").toString(), "--node", String.valueOf(node.id()),
                    "--nodes", nodes.stream().map(n -> n.port() + ":" + n.controllerPort()).collect(Collectors.joining(","))),
                    work.resolve("logs/kafka-" + node.id() + ".log")).start());
        }
        postgres.start();
        for (RunProcess broker : brokers) {
            broker.awaitReady(Duration.ofSeconds(120));
        }
        KafkaBroker.createTopics(kafka, nodes.size());
        say("three brokers (%s) and PostgreSQL (%d) ready", kafka, postgres.port());
    }

    private void startServices(Pager pager) throws Exception {
        services.put("session-service", List.of(service("session-service", "session-service", List.of())));
        List<String> alerting = List.of("-Dalerting.webhook.url=" + pager.url(), "-Dalerting.webhook.secret=fault-run-secret");
        for (String replica : List.of("a", "b")) {
            services.computeIfAbsent("vitals-service", k -> new ArrayList<>())
                    .add(service("vitals-service", "vitals-service-" + replica, List.of()));
            services.computeIfAbsent("alerting-service", k -> new ArrayList<>())
                    .add(service("alerting-service", "alerting-service-" + replica, alerting));
        }
        for (List<RunProcess> replicas : services.values()) {
            for (RunProcess replica : replicas) {
                replica.awaitReady(READY_WITHIN);
            }
        }
        say("session-service, 2 vitals-service and 2 alerting-service replicas ready");
    }

    private final Map<RunProcess, LoadBalancerConfig.Replica> ports = new HashMap<>();

    private RunProcess service(String name, String replica, List<String> extra) {
        int port = FreePort.find();
        int management = FreePort.find();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(ServiceJvm.options());
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dkafka.bootstrap.servers=" + kafka, "-Dpostgres.host=127.0.0.1", "-Dpostgres.port=" + postgres.port(),
                "-Djwt.public-key.location=" + DevKeys.publicKey().toUri(),
                "-Djwt.private-key.location=" + DevKeys.privateKey().toUri()));
        command.addAll(extra);
        command.addAll(List.of("-jar", DevKeys.projectRoot().resolve(name + "/target/quarkus-app/quarkus-run.jar").toString()));
        RunProcess process = RunProcess.answering(replica, command, work.resolve("logs/" + replica + ".log"),
                "http://127.0.0.1:" + management + "/q/health/ready").start();
        ports.put(process, new LoadBalancerConfig.Replica(port, management));
        return process;
    }

    private List<LoadBalancerConfig.Replica> replicas(String name) {
        return services.get(name).stream().map(ports::get).toList();
    }

    private void configurePaging(String alertingUrl) throws Exception {
        Instant now = Instant.now();
        for (Object[] cover : new Object[][]{{1, "nurse-faults"}, {2, "doctor-faults"}}) {
            admin(alertingUrl + "/oncall/overrides", "POST", "{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"fault run\"}"
                    .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(3))), 201);
        }
        admin(alertingUrl + "/escalation-policies/critical", "PUT", """
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                 {"number": 1, "afterSeconds": %d, "target": "ON_CALL_TIER_1"},
                 {"number": 2, "afterSeconds": %d, "target": "ON_CALL_TIER_2", "instruction": "Call the sitter and the emergency contact now"}]"""
                .formatted(TIER_1_AFTER, TIER_2_AFTER), 200);
    }

    private static void admin(String url, String method, String body, int expected) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + DevTokens.forRole(Roles.ADMIN))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Until vitals takes a reading for the last announced session (it learned the sessions from the broker). */
    private static void awaitAdmitted(String vitalsUrl, String session) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String token = DevTokens.forSession(Roles.PATIENT_DEVICE, session);
        while (true) {
            String body = "{\"readingId\": \"admitted-" + System.nanoTime() + "\", \"systolic\": 120, \"diastolic\": 80, "
                    + "\"heartRate\": 76, \"spo2\": 97, \"measuredAt\": \"" + Instant.now().minusSeconds(1) + "\"}";
            int status = http.send(HttpRequest.newBuilder(URI.create(vitalsUrl + "/sessions/" + session + "/readings"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 202) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("vitals did not take the run's sessions within 120 s (last answer " + status + ")");
            }
            Thread.sleep(250);
        }
    }

    // --- faults

    private void strike(FaultPlan plan) {
        Integer lastBroker = null;
        for (Fault fault : plan.faults()) {
            try {
                sleepUntil(loadStarted.plus(fault.at()));
                Instant struck = Instant.now();
                String target;
                Runnable restart;
                RunProcess restarted;
                switch (fault.kind()) {
                    case KILL_VITALS_REPLICA -> {
                        restarted = services.get("vitals-service").get(0);
                        restarted.kill();
                        target = restarted.name;
                        restart = restarted::start;
                    }
                    case KILL_ALERTING_REPLICA -> {
                        restarted = services.get("alerting-service").get(0);
                        restarted.kill();
                        target = restarted.name;
                        restart = restarted::start;
                    }
                    case KILL_SESSION_SERVICE -> {
                        restarted = services.get("session-service").get(0);
                        restarted.kill();
                        target = restarted.name;
                        restart = restarted::start;
                    }
                    case KILL_VITALS_LEADER_BROKER, KILL_SECOND_BROKER -> {
                        int node = fault.kind() == Kind.KILL_VITALS_LEADER_BROKER ? leaderOfMostVitalsPartitions(null)
                                : leaderOfMostVitalsPartitions(lastBroker);
                        lastBroker = node;
                        restarted = brokers.get(node - 1);
                        restarted.kill();
                        target = restarted.name;
                        restart = restarted::start;
                    }
                    case RESTART_POSTGRES -> {
                        restarted = null;
                        postgres.stop();
                        target = "postgres";
                        restart = this::startPostgresAgain;
                    }
                    default -> throw new IllegalStateException(fault.kind().name());
                }
                say("%3d s: %s (%s)", secondsIn(struck), fault.kind().description, target);
                Thread.sleep(fault.pause().toMillis());
                Instant restartedAt = Instant.now();
                restart.run();
                Duration ready = restarted != null ? restarted.awaitReady(READY_WITHIN)
                        : awaitServicesReady(restartedAt);
                say("%3d s: %s back, ready after %.1f s", secondsIn(Instant.now()), target, ready.toMillis() / 1000.0);
                record.add(new FaultRecord(fault, target, struck, restartedAt, ready));
            } catch (Exception e) {
                say("fault %s could not be completed: %s", fault.kind(), e);
                record.add(new FaultRecord(fault, "(failed: " + e.getMessage() + ")", Instant.now(), Instant.now(), Duration.ZERO));
            }
        }
    }

    /** PostgreSQL again, tried three times: on a machine this busy its start can time out. */
    private void startPostgresAgain() {
        for (int attempt = 1; ; attempt++) {
            try {
                postgres.start();
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                say("PostgreSQL did not start (%s); again in 5 s", e.getMessage());
                postgres.stop();
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** After the database restarts: until every service replica answers ready again. */
    private Duration awaitServicesReady(Instant since) throws InterruptedException {
        for (List<RunProcess> replicas : services.values()) {
            for (RunProcess replica : replicas) {
                replica.awaitReady(READY_WITHIN);
            }
        }
        return Duration.between(since, Instant.now());
    }

    /** The node leading most vitals.observations partitions, other than {@code not}. */
    private int leaderOfMostVitalsPartitions(Integer not) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            Map<Integer, Long> led = admin.describeTopics(List.of(Topics.VITALS_OBSERVATIONS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.VITALS_OBSERVATIONS).partitions().stream()
                    .map(TopicPartitionInfo::leader).filter(java.util.Objects::nonNull)
                    .filter(leader -> not == null || leader.id() != not)
                    .collect(Collectors.groupingBy(org.apache.kafka.common.Node::id, Collectors.counting()));
            return led.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(not == null || not != 1 ? 1 : 2);
        }
    }

    // --- reconciliation

    /**
     * Reconciles until nothing is missing any more (alerting and vitals' history work through what the faults
     * held back) and the last crisis had time to escalate, at most 5 minutes.
     */
    private Reconciliation settle(DeviceLoad devices, Pager pager) throws Exception {
        Instant lastCrisis = devices.deliveries().stream().filter(d -> d.crisis && d.accepted != null)
                .map(d -> d.accepted).max(Instant::compareTo).orElse(Instant.now());
        sleepUntil(lastCrisis.plusSeconds(TIER_2_AFTER + 10));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            Reconciliation r = reconcile(devices, pager);
            boolean complete = r.lines().stream().filter(l -> l.check().startsWith("taken, missing")
                    || l.check().startsWith("taken, not evaluated") || l.check().startsWith("crisis"))
                    .noneMatch(Reconciliation.Line::failed);
            if (complete || Instant.now().isAfter(deadline)) {
                return r;
            }
            say("reconciling: waiting for the services to work through what is left");
            Thread.sleep(10_000);
        }
    }

    private Reconciliation reconcile(DeviceLoad devices, Pager pager) throws Exception {
        Map<String, List<UUID>> published = published();
        Map<String, Integer> history = new HashMap<>();
        Set<UUID> evaluated = new HashSet<>();
        Map<String, List<String>> crisisAlerts = new HashMap<>();
        try (Connection vitals = DriverManager.getConnection(postgres.jdbcUrl("vitals"), PostgresServer.USER, "");
             PreparedStatement rows = vitals.prepareStatement(
                     "SELECT reading_id, count(*) FROM reading WHERE session_id LIKE ? GROUP BY reading_id")) {
            rows.setString(1, prefix + "%");
            try (ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    history.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        try (Connection alerting = DriverManager.getConnection(postgres.jdbcUrl("alerting"), PostgresServer.USER, "")) {
            try (ResultSet rs = alerting.createStatement().executeQuery("SELECT event_id FROM processed_event")) {
                while (rs.next()) {
                    evaluated.add(rs.getObject(1, UUID.class));
                }
            }
            try (PreparedStatement alerts = alerting.prepareStatement(
                    "SELECT session_id, id FROM alert WHERE rule = 'bp-crisis' AND session_id LIKE ?")) {
                alerts.setString(1, prefix + "crisis-%");
                try (ResultSet rs = alerts.executeQuery()) {
                    while (rs.next()) {
                        crisisAlerts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
        }
        return new Reconciliation(devices.deliveries(), published, history, evaluated, crisisAlerts, pager.pages(), 3);
    }

    /** Every reading of the run on vitals.observations, read from the start: reading id to its event ids. */
    private Map<String, List<UUID>> published() {
        Map<String, List<UUID>> published = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.VITALS_OBSERVATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.key() == null || !r.key().startsWith(prefix) || r.value() == null
                            || !ReadingRecorded.TYPE.name().equals(EventJson.typeOf(r.value()))) {
                        continue;
                    }
                    var event = EventJson.read(r.value(), ReadingRecorded.TYPE);
                    published.computeIfAbsent(event.payload().readingId(), k -> new ArrayList<>()).add(event.eventId());
                }
            }
        }
        return published;
    }

    private String report(FaultPlan plan, Reconciliation r, List<Delivery> crises) {
        StringBuilder out = new StringBuilder();
        out.append("Fault run: seed ").append(options.seed()).append(", ").append(options.minutes()).append(" min, ")
                .append(options.sessions()).append(" sessions at ").append(options.rate()).append(" readings/s; ")
                .append("3 brokers (3 copies, min.insync.replicas 2), session-service, 2 vitals and 2 alerting replicas behind HAProxy. ")
                .append("The load ran ").append(secondsIn(loadStopped)).append(" s (on until the last fault was recovered from).\n\n");
        out.append("| check | count |\n|---|---:|\n");
        for (Reconciliation.Line line : r.lines()) {
            out.append("| ").append(line.check()).append(line.failed() ? " **FAILED**" : "").append(" | ")
                    .append(line.count()).append(" |\n");
        }
        r.refusals().forEach((why, count) -> out.append("\nRefused ").append(count).append(" time(s): ").append(why).append('\n'));
        List<Duration> detections = crises.stream().map(r::detection).flatMap(java.util.Optional::stream).sorted().toList();
        if (!detections.isEmpty()) {
            out.append("\nCrisis reading's 202 to its first page: median ").append(seconds(detections.get(detections.size() / 2)))
                    .append(", max ").append(seconds(detections.get(detections.size() - 1))).append(" (")
                    .append(detections.size()).append(" crises).\n");
        }
        out.append("\n| at | fault | target | down | ready again after | readings held | longest hold | longest detection |\n")
                .append("|---:|---|---|---:|---:|---:|---:|---:|\n");
        for (FaultRecord f : record) {
            Instant windowEnd = f.restarted().plus(f.readyAfter()).plusSeconds(15);
            List<Delivery> held = r.deliveries().stream().filter(d -> d.firstRefused != null
                    && !d.firstRefused.isBefore(f.struck()) && d.firstRefused.isBefore(windowEnd)).toList();
            List<Duration> detected = crises.stream().filter(d -> d.accepted != null && !d.accepted.isBefore(f.struck())
                    && d.accepted.isBefore(windowEnd)).map(r::detection).flatMap(java.util.Optional::stream).toList();
            out.append("| ").append(secondsIn(f.struck())).append(" s | ").append(f.fault().kind().description)
                    .append(" | ").append(f.target()).append(" | ").append(seconds(Duration.between(f.struck(), f.restarted())))
                    .append(" | ").append(seconds(f.readyAfter())).append(" | ").append(held.size()).append(" | ")
                    .append(Reconciliation.longest(held.stream().map(Delivery::waited).toList()).map(FaultRun::seconds).orElse("-"))
                    .append(" | ").append(Reconciliation.longest(detected).map(FaultRun::seconds).orElse("no crisis in it"))
                    .append(" |\n");
        }
        out.append("\nPlanned: ").append(plan.faults().size()).append(" faults; struck: ").append(record.size())
                .append(". Logs: ").append(work.resolve("logs")).append('\n');
        return out.toString();
    }

    // --- plumbing

    private void stopAll() {
        services.values().forEach(replicas -> replicas.forEach(RunProcess::kill));
        brokers.forEach(RunProcess::kill);
        postgres.stop();
    }

    private long secondsIn(Instant at) {
        return Duration.between(loadStarted != null ? loadStarted : began, at).toSeconds();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void say(String format, Object... args) {
        System.out.printf("fault run: " + format + "%n", args);
    }
}
