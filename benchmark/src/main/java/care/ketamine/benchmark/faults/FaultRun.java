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
    /** How far a stepped host clock is moved ahead. */
    private static final int CLOCK_STEP_SECONDS = 120;
    private static final String CLINICIAN = "dr-faults";
    /** How long a process may take to be ready: on two busy cores a service's start takes minutes. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private final Options options;
    private final Path work;
    private final String prefix;
    private final List<RunProcess> brokers = new ArrayList<>();
    /** Processes the run needs besides the system's (the separate host's relay to the paging gateway). */
    private final List<RunProcess> helpers = new ArrayList<>();
    private final List<KafkaBroker.Node> nodes;
    private final String kafka;
    private final PostgresServer postgres;
    /** The host the partition cuts off (alerting-service-b runs there), when the run has one. */
    private final SeparateHost separate;
    /** Each broker's address for the separate host, in node order. */
    private final List<String> kafkaOutside;
    private final Map<String, List<RunProcess>> services = new LinkedHashMap<>();
    private final List<FaultRecord> record = new CopyOnWriteArrayList<>();
    private final Instant began = Instant.now();
    private Instant loadStarted;
    private Instant loadStopped;

    /** A fault as it happened: when (into the load), to what, and how long until it served again. */
    record FaultRecord(Fault fault, String target, Instant struck, Instant restarted, Duration readyAfter) {

        static final String FAILED = "(failed: ";

        /** Struck and recovered from as planned: a fault that was not proves nothing, and fails the run. */
        boolean completed() {
            return !target.startsWith(FAILED);
        }
    }

    /**
     * @param longOutage the separate run in which PostgreSQL stays down longer than 10 minutes (no other fault)
     */
    public record Options(int minutes, long seed, int sessions, int rate, List<Kind> faults, Path work, boolean longOutage) {

        public Options(int minutes, long seed, int sessions, int rate, List<Kind> faults, Path work) {
            this(minutes, seed, sessions, rate, faults, work, false);
        }

        public static Options parse(String[] args) {
            boolean longOutage = List.of(args).contains("--long-outage");
            Map<String, String> given = care.ketamine.benchmark.Benchmark.options(
                    List.of(args).stream().filter(a -> !a.equals("--long-outage")).toArray(String[]::new));
            List<Kind> faults = given.getOrDefault("faults", "").equals("none") ? List.of() : given.containsKey("faults")
                    ? List.of(given.get("faults").split(",")).stream().map(s -> Kind.valueOf(s.trim().toUpperCase(Locale.ROOT)
                    .replace('-', '_'))).toList()
                    : FaultPlan.FULL;
            return new Options(Integer.parseInt(given.getOrDefault("minutes", longOutage ? "14" : "10")),
                    Long.parseLong(given.getOrDefault("seed", String.valueOf(System.currentTimeMillis() % 100_000))),
                    Integer.parseInt(given.getOrDefault("sessions", "200")),
                    Integer.parseInt(given.getOrDefault("rate", "40")), longOutage ? List.of(Kind.POSTGRES_LONG_OUTAGE) : faults,
                    given.containsKey("work") ? Path.of(given.get("work")) : null, longOutage);
        }
    }

    /** Why this machine cannot cut a replica off from the brokers (no network namespaces), if it cannot. */
    public static java.util.Optional<String> partitionUnavailable() {
        return SeparateHost.unavailable();
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
        FaultPlan plan = plan(options);
        boolean cuts = plan.faults().stream().anyMatch(f -> f.kind() == Kind.CUT_ALERTING_REPLICA_FROM_BROKERS);
        SeparateHost separate = cuts ? SeparateHost.create() : null;
        try {
            FaultRun run = new FaultRun(options, work, separate);
            try {
                return run.go(plan);
            } finally {
                run.stopAll();
            }
        } finally {
            if (separate != null) {
                separate.close();
            }
        }
    }

    /**
     * The options' faults at their seeded times, or the long outage. The partition needs a network namespace: where
     * this machine cannot make one, the run goes on without it and says why.
     */
    static FaultPlan plan(Options options) {
        Duration run = Duration.ofMinutes(options.minutes());
        if (options.longOutage()) {
            return FaultPlan.longOutage(run);
        }
        List<Kind> kinds = options.faults();
        if (kinds.contains(Kind.CUT_ALERTING_REPLICA_FROM_BROKERS)) {
            java.util.Optional<String> why = SeparateHost.unavailable();
            if (why.isPresent()) {
                say("no network partition in this run: %s", why.get());
                kinds = kinds.stream().filter(k -> k != Kind.CUT_ALERTING_REPLICA_FROM_BROKERS).toList();
            }
        }
        return FaultPlan.of(kinds, run, options.seed());
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

    private FaultRun(Options options, Path work, SeparateHost separate) {
        this.options = options;
        this.work = work;
        this.separate = separate;
        this.prefix = "faults-" + options.seed() + "-";
        this.nodes = KafkaNode.nodes(IntStream.range(0, 3).mapToObj(i -> FreePort.find() + ":" + FreePort.find())
                .collect(Collectors.joining(",")));
        this.kafka = KafkaBroker.bootstrapServers(nodes);
        this.postgres = PostgresServer.throwaway(work.resolve("postgres"), FreePort.find());
        if (separate != null) {
            postgres.alsoServing(separate.machineSide(), separate.address() + "/32");
            this.kafkaOutside = nodes.stream().map(n -> separate.kafkaSide() + ":" + FreePort.find()).toList();
        } else {
            this.kafkaOutside = List.of();
        }
    }

    private boolean go(FaultPlan plan) throws Exception {
        say("seed %d, %d min, %d sessions, %d readings/s; work and logs in %s", options.seed(), options.minutes(),
                options.sessions(), options.rate(), work);
        for (Fault f : plan.faults()) {
            say("  planned at %3d s: %s (down %d s)", f.at().toSeconds(), f.kind().description, f.pause().toSeconds());
        }
        startCluster();
        try (Pager pager = new Pager(FreePort.find(), separate == null ? List.of() : List.of(separate.machineSide()))) {
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
            awaitSessionsKnown(all);

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
            boolean passed = reconciliation.passed() && record.size() == plan.faults().size()
                    && record.stream().allMatch(FaultRecord::completed);
            say(passed ? "PASSED: nothing lost, nothing duplicated, every fault struck and recovered from"
                    : "FAILED: see the table");
            balancer.kill();
            return passed;
        }
    }

    private void startCluster() throws Exception {
        String classpath = System.getProperty("java.class.path");
        for (KafkaBroker.Node node : nodes) {
            // The brokers are the harness, not the system under test: small, and compiled by C1 alone, so that their
            // JIT does not take the cores the services need on a small machine.
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", classpath,
                    KafkaNode.class.getName(), "--data", work.resolve("kafka").toString(), "--node", String.valueOf(node.id()),
                    "--nodes", nodes.stream().map(n -> n.port() + ":" + n.controllerPort()).collect(Collectors.joining(","))));
            if (separate != null) {
                command.addAll(List.of("--outside", kafkaOutside.get(node.id() - 1)));
            }
            brokers.add(RunProcess.printingReady("kafka-" + node.id(), command, work.resolve("logs/kafka-" + node.id() + ".log"))
                    .start());
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
        if (separate != null) {
            // The replica there reaches the gateway at the same loopback address, through a relay of its own.
            String pagerAddress = pager.url().replaceFirst("^http://([^/]+)/.*$", "$1");
            RunProcess relay = RunProcess.printingReady("pager-relay", separate.onIt(List.of(java(), "-Xmx32m",
                    "-cp", System.getProperty("java.class.path"), Relay.class.getName(), pagerAddress,
                    pagerAddress.replace("127.0.0.1", separate.machineSide()))), work.resolve("logs/pager-relay.log")).start();
            relay.awaitReady(Duration.ofSeconds(30));
            helpers.add(relay);
        }
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

    /** A service replica; alerting-service-b runs on the separate host when the run has one (the partition cuts it off). */
    private RunProcess service(String name, String replica, List<String> extra) {
        int port = FreePort.find();
        int management = FreePort.find();
        boolean apart = separate != null && replica.equals("alerting-service-b");
        String host = apart ? separate.address() : "127.0.0.1";
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(ServiceJvm.options());
        if (apart) {
            command.addAll(List.of("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.management.host=0.0.0.0"));
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dkafka.bootstrap.servers=" + (apart ? String.join(",", kafkaOutside) : kafka),
                "-Dpostgres.host=" + (apart ? separate.machineSide() : "127.0.0.1"), "-Dpostgres.port=" + postgres.port(),
                "-Djwt.public-key.location=" + DevKeys.publicKey().toUri(),
                "-Djwt.private-key.location=" + DevKeys.privateKey().toUri(),
                "-Dservice.clock.host-step-file=" + hostStepFile(replica)));
        command.addAll(extra);
        command.addAll(List.of("-jar", DevKeys.projectRoot().resolve(name + "/target/quarkus-app/quarkus-run.jar").toString()));
        RunProcess process = RunProcess.answering(replica, apart ? separate.onIt(command) : command,
                work.resolve("logs/" + replica + ".log"), "http://" + host + ":" + management + "/q/health/ready").start();
        ports.put(process, new LoadBalancerConfig.Replica(host, port, management));
        return process;
    }

    /** Where the run steps a replica's host clock: seconds ahead, nothing while the file is absent. */
    private Path hostStepFile(String replica) {
        return work.resolve("clocks/" + replica);
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

    /**
     * Until vitals and alerting both know every session of the run (from sessions.lifecycle, into their databases):
     * a reading for a session vitals has not heard of is refused (409), for good.
     */
    private void awaitSessionsKnown(List<String> sessions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (String[] table : new String[][]{{"vitals", "session_activity"}, {"alerting", "session_watch"}}) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(table[0]), PostgresServer.USER, "");
                 PreparedStatement known = c.prepareStatement("SELECT count(*) FROM " + table[1] + " WHERE session_id LIKE ?")) {
                known.setString(1, prefix + "%");
                while (true) {
                    try (ResultSet rs = known.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= sessions.size()) {
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(table[0] + " did not learn of the run's " + sessions.size()
                                + " sessions within 120 s");
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    // --- faults

    private void strike(FaultPlan plan) {
        Integer lastBroker = null;
        for (Fault fault : plan.faults()) {
            Instant struck = null;
            try {
                sleepUntil(loadStarted.plus(fault.at()));
                struck = Instant.now();
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
                    case STEP_ALERTING_CLOCK -> {
                        // The replica not killed by the run: both are busy with the same work.
                        RunProcess stepped = services.get("alerting-service").get(1);
                        try {
                            Duration seen = stepHostClock(stepped, CLOCK_STEP_SECONDS);
                            target = stepped.name + " (host clock +" + CLOCK_STEP_SECONDS + " s, seen by it after "
                                    + seconds(seen) + ")";
                            say("%3d s: %s (%s)", secondsIn(struck), fault.kind().description, target);
                            Thread.sleep(fault.pause().toMillis());
                        } finally {
                            Files.writeString(hostStepFile(stepped.name), "0"); // right again, whatever happened
                        }
                        Instant back = Instant.now();
                        Duration corrected = stepHostClock(stepped, 0);
                        say("%3d s: %s host clock right again", secondsIn(Instant.now()), stepped.name);
                        record.add(new FaultRecord(fault, target, struck, back, corrected));
                        continue;
                    }
                    case CUT_ALERTING_REPLICA_FROM_BROKERS -> {
                        restarted = services.get("alerting-service").get(1);
                        separate.cutFromKafka();
                        target = restarted.name + " (on " + separate.address() + ")";
                        RunProcess cut = restarted;
                        restart = () -> {
                            boolean tookEffect;
                            try {
                                tookEffect = !inEvaluationGroup();
                            } finally {
                                separate.rejoinKafka(); // the link comes back whatever the look at the group found
                            }
                            if (!tookEffect) {
                                throw new IllegalStateException(cut.name + " was still in the consumer group at the end of the cut");
                            }
                        };
                    }
                    case RESTART_POSTGRES, POSTGRES_LONG_OUTAGE -> {
                        restarted = null;
                        postgres.stop();
                        target = "postgres";
                        restart = this::startPostgresAgain;
                    }
                    default -> throw new IllegalStateException(fault.kind().name());
                }
                say("%3d s: %s (%s)", secondsIn(struck), fault.kind().description, target);
                // While the database is out, every replica must stay alive: under Kubernetes a failed liveness check
                // restarts the replica, whose start then meets the outage and fails.
                List<String> livenessDown = restarted == null ? watchLiveness(fault.pause()) : List.of();
                if (restarted != null) {
                    Thread.sleep(fault.pause().toMillis());
                }
                Instant restartedAt = Instant.now();
                restart.run();
                Duration ready = fault.kind() == Kind.CUT_ALERTING_REPLICA_FROM_BROKERS ? awaitConsuming(restarted)
                        : restarted != null ? restarted.awaitReady(READY_WITHIN) : awaitServicesReady(restartedAt);
                say("%3d s: %s back, ready after %.1f s", secondsIn(Instant.now()), target, ready.toMillis() / 1000.0);
                if (!livenessDown.isEmpty()) {
                    target = FaultRecord.FAILED + "liveness went down: " + String.join(", ", livenessDown) + ")";
                }
                record.add(new FaultRecord(fault, target, struck, restartedAt, ready));
            } catch (Exception e) {
                say("fault %s could not be completed: %s", fault.kind(), e);
                record.add(new FaultRecord(fault, FaultRecord.FAILED + e.getMessage() + ")", struck != null ? struck : Instant.now(),
                        Instant.now(), Duration.ZERO));
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

    /**
     * Sets a replica's host clock {@code seconds} ahead and waits until the replica reports it in
     * {@code service_host_clock_offset_seconds}: proof that the step reached it. How long that took.
     */
    private Duration stepHostClock(RunProcess replica, int seconds) throws Exception {
        Instant from = Instant.now();
        Path file = hostStepFile(replica.name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.valueOf(seconds));
        String metrics = "http://" + ports.get(replica).host() + ":" + ports.get(replica).managementPort() + "/q/metrics";
        HttpClient http = HttpClient.newHttpClient();
        while (Duration.between(from, Instant.now()).compareTo(Duration.ofSeconds(60)) < 0) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                boolean seen = body.lines().filter(l -> l.startsWith("service_host_clock_offset_seconds"))
                        .mapToDouble(care.ketamine.testsupport.MetricLine::value)
                        .anyMatch(offset -> Math.abs(offset - seconds) < 1);
                if (seen) {
                    return Duration.between(from, Instant.now());
                }
            } catch (java.io.IOException e) {
                // not answering this second
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(replica.name + " did not report its host clock " + seconds + " s ahead within 60 s");
    }

    /**
     * After the partition: until the cut-off replica is a member of the evaluation's consumer group again with
     * partitions of its own (its readiness may never have gone down). How long that took.
     */
    private Duration awaitConsuming(RunProcess replica) throws Exception {
        Instant from = Instant.now();
        while (Duration.between(from, Instant.now()).compareTo(READY_WITHIN) < 0) {
            if (inEvaluationGroup()) {
                return Duration.between(from, Instant.now());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(replica.name + " did not consume again within " + READY_WITHIN.toMinutes() + " min");
    }

    /** Whether the separate host's replica is a member of alerting's evaluation group with partitions of its own. */
    private boolean inEvaluationGroup() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            return admin.describeConsumerGroups(List.of("alerting-rules")).all().get(30, TimeUnit.SECONDS)
                    .get("alerting-rules").members().stream()
                    .anyMatch(m -> m.host().contains(separate.kafkaClientAddress()) && !m.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the consumer group alerting-rules", e);
        }
    }

    /**
     * Sleeps {@code pause}, asking every service replica's liveness every 5 s meanwhile: which replica answered other
     * than 200, first when (seconds into the load).
     */
    private List<String> watchLiveness(Duration pause) throws InterruptedException {
        Instant until = Instant.now().plus(pause);
        Map<String, Long> down = new LinkedHashMap<>();
        while (Instant.now().isBefore(until)) {
            for (List<RunProcess> replicas : services.values()) {
                for (RunProcess replica : replicas) {
                    LoadBalancerConfig.Replica at = ports.get(replica);
                    if (!down.containsKey(replica.name) && !RunProcess.answers("http://" + at.host() + ":" + at.managementPort()
                            + "/q/health/live")) {
                        down.put(replica.name, secondsIn(Instant.now()));
                        say("%3d s: %s liveness is down", secondsIn(Instant.now()), replica.name);
                    }
                }
            }
            Thread.sleep(Math.min(5000, Math.max(0, Duration.between(Instant.now(), until).toMillis())));
        }
        return down.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue() + " s").toList();
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
        List<Reconciliation.Window> steppedClocks = record.stream().filter(f -> f.fault().kind() == Kind.STEP_ALERTING_CLOCK)
                .map(f -> new Reconciliation.Window(f.struck(), f.restarted().plus(f.readyAfter()).plusSeconds(15))).toList();
        return new Reconciliation(devices.deliveries(), published, history, evaluated, crisisAlerts, pager.pages(),
                List.of(Duration.ZERO, Duration.ofSeconds(TIER_1_AFTER), Duration.ofSeconds(TIER_2_AFTER)), steppedClocks);
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
                .append("3 brokers (3 copies, min.insync.replicas 2), session-service, 2 vitals and 2 alerting replicas behind HAProxy")
                .append(separate != null ? " (alerting-service-b on a separate host, a network namespace). " : ". ")
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
                .append("; not completed (fails the run): ").append(record.stream().filter(f -> !f.completed()).count())
                .append(". Logs: ").append(work.resolve("logs")).append('\n');
        return out.toString();
    }

    // --- plumbing

    private void stopAll() {
        services.values().forEach(replicas -> replicas.forEach(RunProcess::kill));
        helpers.forEach(RunProcess::kill);
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
