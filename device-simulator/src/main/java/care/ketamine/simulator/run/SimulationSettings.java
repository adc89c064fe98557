package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.stack.StackAddresses;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to simulate, from the command line (see {@link #USAGE}).
 *
 * @param compression      clinical time runs this many times faster; must equal the stack's clinic.time-compression
 *                         (null: read it from session-service's readiness, on its management interface)
 * @param readingEvery     how often the devices send, in clinical time (the oximeter's batches; the cuff keeps its own cadence)
 * @param acknowledgeAfter how long the simulated clinician lets an alert ring before acknowledging it; null: never
 * @param clinician        the clinician of the first sessions (e.g. dr.rivera, to watch them in the console); null: new ones
 * @param alarmReport      run the alarm report's scenarios in turn and print the alarm burden per scenario at the end
 */
public record SimulationSettings(int sessions, Integer compression, Duration readingEvery, Map<Integer, Set<Anomaly>> anomalies,
                                 Duration acknowledgeAfter, String clinician, StackAddresses stack, Path devKey,
                                 Duration progressEvery, Duration stagger, boolean alarmReport) {

    public static final String USAGE = """
            Usage: simulate [options]
              --sessions N            dosing sessions to run at once (default 3)
              --compression F         clinical time runs F times faster (default: the stack's clinic.time-compression)
              --reading-every SEC     the devices send every SEC clinical seconds (default 5: the oximeter's
                                      batches of 1 Hz samples; never faster than every 200 ms of wall-clock
                                      time); the cuff measures every 5 min, 15 from an hour after the dose
              --anomaly I:KIND[,KIND] give session I (1-based) anomalies: bp-spike, spo2-dip, bradypnoea,
                                      missed-check-ins, sitter-leaves, device-silence, offline-backlog,
                                      help-requested, motion-artefacts, clock-drift (repeatable)
              --mixed                 session 1 runs clean, each next one gets the next anomaly in that list
              --alarm-report          run the alarm report's scenarios in turn (clean, motion artefacts, clock
                                      drift, and each that must alarm; 50 sessions unless --sessions says) and
                                      print per scenario alerts per session-hour, false alarms and missed ones
              --acknowledge-after SEC the simulated clinician acknowledges an alert after SEC s (default 15; 'never')
              --clinician ID          the clinician of up to 4 sessions, e.g. dr.rivera to watch them in the console
              --stagger SEC           start sessions SEC s apart (default 2)
              --progress-every SEC    print progress every SEC s (default 5)
              --dev-key FILE          the development signing key (default deploy/local/dev-keys/private.pem)
              --intake URL --session URL --vitals URL --alerting URL   (default the local stack, 8081-8084)
              --session-management URL  session-service's management interface, where its readiness says
                                      the stack's compression (default the local stack's, 9082)
            """;

    /** The monitoring floor in clinical time; the stack enforces its own, the simulator only waits for it. */
    Duration monitoringFloor() {
        return Duration.ofMinutes(120);
    }

    /**
     * The wall-clock time between a device's uploads: never below 500 ms, so that a compressed run sends its
     * oximeter's samples in batches of several, as a real one does, rather than a request for each (at 60x an
     * upload then carries 30 clinical seconds, which alerting's rules still judge in time).
     */
    Duration realReadingInterval() {
        Duration real = readingEvery.dividedBy(compression);
        return real.compareTo(MIN_REAL_UPLOAD_INTERVAL) < 0 ? MIN_REAL_UPLOAD_INTERVAL : real;
    }

    static final Duration MIN_REAL_UPLOAD_INTERVAL = Duration.ofMillis(500);

    /**
     * How often (clinical time) the oximeter samples: once a second, as a real one does, unless time is so
     * compressed that this would be more than 15 samples a wall-clock second per session; then less often,
     * at most every 4 clinical seconds at 60x, still closer than the 5 s gap that ends a run of low values
     * in alerting's rules.
     */
    Duration oximeterSampleEvery() {
        long millis = Math.max(1_000, compression * 1_000L / MAX_OXIMETER_SAMPLES_PER_REAL_SECOND);
        return Duration.ofMillis(millis);
    }

    /** What the stack can evaluate for each of many sessions at once on a small machine. */
    static final int MAX_OXIMETER_SAMPLES_PER_REAL_SECOND = 15;

    SimulationSettings withCompression(int factor) {
        return new SimulationSettings(sessions, factor, readingEvery, anomalies, acknowledgeAfter, clinician, stack, devKey,
                progressEvery, stagger, alarmReport);
    }

    public Set<Anomaly> anomaliesOf(int session) {
        return anomalies.getOrDefault(session, Set.of());
    }

    public static SimulationSettings parse(List<String> args) {
        Integer sessionsAsked = null;
        boolean alarmReport = false;
        Integer compression = null;
        Duration readingEvery = Duration.ofSeconds(5);
        Map<Integer, Set<Anomaly>> anomalies = new HashMap<>();
        boolean mixed = false;
        Duration acknowledgeAfter = Duration.ofSeconds(15);
        String clinician = null;
        String intake = StackAddresses.LOCAL.intake();
        String sessionUrl = StackAddresses.LOCAL.sessions();
        String vitals = StackAddresses.LOCAL.vitals();
        String alerting = StackAddresses.LOCAL.alerting();
        String sessionManagement = StackAddresses.LOCAL.sessionsManagement();
        Path devKey = Path.of("deploy/local/dev-keys/private.pem");
        Duration progressEvery = Duration.ofSeconds(5);
        Duration stagger = Duration.ofSeconds(2);
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--mixed")) {
                mixed = true;
                continue;
            }
            if (option.equals("--alarm-report")) {
                alarmReport = true;
                continue;
            }
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args.get(++i);
            switch (option) {
                case "--sessions" -> sessionsAsked = positive(option, value, 2_000);
                case "--compression" -> compression = positive(option, value, 600);
                case "--reading-every" -> readingEvery = Duration.ofSeconds(positive(option, value, 3_600));
                case "--anomaly" -> {
                    String[] parts = value.split(":", 2);
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("--anomaly takes SESSION:KIND[,KIND], e.g. 2:bp-spike");
                    }
                    Set<Anomaly> kinds = anomalies.computeIfAbsent(positive(option, parts[0], 2_000),
                            k -> EnumSet.noneOf(Anomaly.class));
                    for (String kind : parts[1].split(",")) {
                        kinds.add(Anomaly.fromOption(kind.trim()));
                    }
                }
                case "--acknowledge-after" -> acknowledgeAfter = value.equals("never") ? null
                        : Duration.ofSeconds(positive(option, value, 3_600));
                case "--clinician" -> clinician = value;
                case "--stagger" -> stagger = Duration.ofSeconds(Integer.parseInt(value));
                case "--progress-every" -> progressEvery = Duration.ofSeconds(positive(option, value, 3_600));
                case "--dev-key" -> devKey = Path.of(value);
                case "--intake" -> intake = value;
                case "--session" -> sessionUrl = value;
                case "--vitals" -> vitals = value;
                case "--alerting" -> alerting = value;
                case "--session-management" -> sessionManagement = value;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        int sessions = sessionsAsked != null ? sessionsAsked : alarmReport ? 50 : 3;
        if (alarmReport) {
            if (mixed || !anomalies.isEmpty()) {
                throw new IllegalArgumentException("--alarm-report chooses each session's scenario; leave out --mixed and --anomaly");
            }
            for (int s = 1; s <= sessions; s++) {
                if (!AlarmReport.scenarioOf(s).isEmpty()) {
                    anomalies.put(s, EnumSet.copyOf(AlarmReport.scenarioOf(s)));
                }
            }
        }
        if (mixed) {
            Anomaly[] kinds = Anomaly.values();
            for (int s = 2; s <= sessions; s++) {
                anomalies.computeIfAbsent(s, k -> EnumSet.noneOf(Anomaly.class)).add(kinds[(s - 2) % kinds.length]);
            }
        }
        for (int s : anomalies.keySet()) {
            if (s > sessions) {
                throw new IllegalArgumentException("--anomaly names session " + s + " but only " + sessions + " run");
            }
        }
        return new SimulationSettings(sessions, compression, readingEvery, Map.copyOf(anomalies), acknowledgeAfter, clinician,
                new StackAddresses(intake, sessionUrl, vitals, alerting, sessionManagement), devKey, progressEvery, stagger,
                alarmReport);
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(option + " must be between 1 and " + max + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }
}
