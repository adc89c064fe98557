package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alarm burden of a run, per scenario: alerts per session-hour, alerts a scenario did not call for
 * (false alarms) and scenarios that called for an alert and got none (missed). A session's scenario is
 * its set of anomalies ("clean" for none). Monitor alarms are mostly not actionable (Bonafide et al.
 * 2015); the target is 0 missed and fewer than 1 false alert per 10 session-hours on the scenarios
 * that need none (clean, motion artefacts, clock drift).
 */
public final class AlarmReport {

    /** The rules (by prefix of the alert's rule name) an anomaly must raise one of, and the others it may raise. */
    record Expectation(List<String> required, List<String> alsoExpected) {

        boolean explains(String rule) {
            return matches(required, rule) || matches(alsoExpected, rule);
        }

        private static boolean matches(List<String> prefixes, String rule) {
            return prefixes.stream().anyMatch(rule::startsWith);
        }
    }

    static final Map<Anomaly, Expectation> EXPECTED = new EnumMap<>(Map.of(
            // A crisis also exceeds the high-BP and rise thresholds, and the heart races with it.
            Anomaly.BP_SPIKE, new Expectation(List.of("bp-crisis"), List.of("bp-high", "bp-rise", "heart-rate")),
            Anomaly.SPO2_DIP, new Expectation(List.of("spo2"), List.of()),
            Anomaly.BRADYPNOEA, new Expectation(List.of("resp-rate-low"), List.of()),
            Anomaly.MISSED_CHECK_INS, new Expectation(List.of("check-in-missed-patient"), List.of()),
            // The sitter says so at the next check-in, and their app says they stepped out (away 5 minutes: sitter-away).
            Anomaly.SITTER_LEAVES, new Expectation(List.of("sitter-concern"), List.of("sitter-away")),
            Anomaly.DEVICE_SILENCE, new Expectation(List.of("device-silent"), List.of()),
            Anomaly.HELP_REQUESTED, new Expectation(List.of("help-requested"), List.of()),
            // Both devices offline for ten minutes: the clinic is blind and must know.
            Anomaly.OFFLINE_BACKLOG, new Expectation(List.of("device-silent"), List.of())));

    /** One scenario's line. */
    public record Row(String scenario, boolean needsAlert, int sessions, double sessionHours, int alerts, int falseAlerts,
                      int missed) {

        public double alertsPerSessionHour() {
            return sessionHours == 0 ? 0 : alerts / sessionHours;
        }
    }

    /** A scenario that needed an alert and got none, or an alert nothing called for. */
    public record Finding(int session, String scenario, String what) {
    }

    private final List<Row> rows;
    private final List<Finding> missed;
    private final List<Finding> falseAlerts;

    private AlarmReport(List<Row> rows, List<Finding> missed, List<Finding> falseAlerts) {
        this.rows = rows;
        this.missed = missed;
        this.falseAlerts = falseAlerts;
    }

    /** The report of the sessions that ran (failed ones are left out: they say nothing of the alarms). */
    public static AlarmReport of(List<SessionOutcome> outcomes) {
        Map<String, List<SessionOutcome>> byScenario = outcomes.stream().filter(o -> o.failure() == null)
                .sorted(Comparator.comparing(AlarmReport::scenario))
                .collect(Collectors.groupingBy(AlarmReport::scenario, LinkedHashMap::new, Collectors.toList()));
        List<Row> rows = new ArrayList<>();
        List<Finding> missed = new ArrayList<>();
        List<Finding> falseAlerts = new ArrayList<>();
        byScenario.forEach((scenario, sessions) -> {
            int alerts = 0;
            int falseCount = 0;
            int missedCount = 0;
            double hours = 0;
            for (SessionOutcome o : sessions) {
                hours += o.monitored().toSeconds() / 3600.0;
                for (Map.Entry<String, Integer> raised : o.alertCounts().entrySet()) {
                    alerts += raised.getValue();
                    if (o.anomalies().stream().noneMatch(a -> expectation(a).explains(raised.getKey()))) {
                        falseCount += raised.getValue();
                        String about = o.summaries().get(raised.getKey());
                        falseAlerts.add(new Finding(o.index(), scenario, raised.getValue() + " x " + raised.getKey()
                                + (about == null || about.isBlank() ? "" : ": " + about)));
                    }
                }
                for (Anomaly a : o.anomalies()) {
                    if (a.needsAlert() && o.alertCounts().keySet().stream().noneMatch(r -> Expectation.matches(expectation(a).required(), r))) {
                        missedCount++;
                        missed.add(new Finding(o.index(), scenario, a.optionName() + " raised none of " + expectation(a).required()));
                    }
                }
            }
            boolean needsAlert = sessions.get(0).anomalies().stream().anyMatch(Anomaly::needsAlert);
            rows.add(new Row(scenario, needsAlert, sessions.size(), hours, alerts, falseCount, missedCount));
        });
        return new AlarmReport(List.copyOf(rows), List.copyOf(missed), List.copyOf(falseAlerts));
    }

    private static Expectation expectation(Anomaly anomaly) {
        return EXPECTED.getOrDefault(anomaly, new Expectation(List.of(), List.of()));
    }

    static String scenario(SessionOutcome o) {
        return o.anomalies().isEmpty() ? "clean" : o.anomalies().stream().sorted().map(Anomaly::optionName)
                .collect(Collectors.joining("+"));
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Finding> missed() {
        return missed;
    }

    public List<Finding> falseAlerts() {
        return falseAlerts;
    }

    /** False alerts per 10 session-hours over the scenarios that need no alert (target below 1). */
    public double falseAlertsPer10HoursWhereNoneNeeded() {
        double hours = rows.stream().filter(r -> !r.needsAlert()).mapToDouble(Row::sessionHours).sum();
        int alerts = rows.stream().filter(r -> !r.needsAlert()).mapToInt(Row::falseAlerts).sum();
        return hours == 0 ? 0 : alerts * 10 / hours;
    }

    public void print(PrintStream out) {
        out.println("alarm report (clinical time):");
        out.printf(Locale.ROOT, "  %-28s %8s %10s %7s %15s %6s %7s%n", "scenario", "sessions", "session-h", "alerts",
                "per session-h", "false", "missed");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "  %-28s %8d %10.1f %7d %15.2f %6d %7d%n", r.scenario(), r.sessions(), r.sessionHours(),
                    r.alerts(), r.alertsPerSessionHour(), r.falseAlerts(), r.missed());
        }
        out.printf(Locale.ROOT, "  missed: %d (target 0); false alerts per 10 session-hours where none was needed: %.2f (target below 1)%n",
                missed.size(), falseAlertsPer10HoursWhereNoneNeeded());
        missed.forEach(f -> out.printf("  MISSED session %d (%s): %s%n", f.session(), f.scenario(), f.what()));
        falseAlerts.forEach(f -> out.printf("  false alert in session %d (%s): %s%n", f.session(), f.scenario(), f.what()));
    }

    /** The scenarios an alarm report runs, in turn: each that must alarm, and the noise that must not. */
    static final List<Set<Anomaly>> SCENARIOS = List.of(Set.of(), Set.of(Anomaly.MOTION_ARTEFACTS), Set.of(Anomaly.CLOCK_DRIFT),
            Set.of(Anomaly.SPO2_DIP), Set.of(Anomaly.BRADYPNOEA), Set.of(Anomaly.BP_SPIKE), Set.of(Anomaly.SITTER_LEAVES, Anomaly.HELP_REQUESTED),
            Set.of(Anomaly.DEVICE_SILENCE), Set.of(Anomaly.MISSED_CHECK_INS), Set.of(Anomaly.OFFLINE_BACKLOG));

    /** The scenario of session {@code index} (1-based) in an alarm-report run. */
    static Set<Anomaly> scenarioOf(int index) {
        return SCENARIOS.get((index - 1) % SCENARIOS.size());
    }

    static Duration monitoredOf(List<SessionOutcome> outcomes) {
        return outcomes.stream().map(SessionOutcome::monitored).reduce(Duration.ZERO, Duration::plus);
    }
}
