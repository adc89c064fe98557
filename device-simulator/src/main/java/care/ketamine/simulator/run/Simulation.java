package care.ketamine.simulator.run;

import care.ketamine.contracts.security.DevelopmentTokens;
import care.ketamine.simulator.physiology.SimulatedPatient;
import care.ketamine.simulator.physiology.VitalSigns;
import care.ketamine.simulator.stack.ClinicApi;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sessions side by side, one thread each, prints progress while they run and a summary
 * at the end: each session's last state and the alerts it raised.
 */
public final class Simulation {

    private final SimulationSettings settings;
    private final ClinicApi api;
    private final Clock clock;
    private final PrintStream out;

    public Simulation(SimulationSettings settings, Clock clock, PrintStream out) {
        this.settings = settings;
        this.api = new ClinicApi(settings.stack());
        this.clock = clock;
        this.out = out;
    }

    /** What the run did: every session's outcome and the totals. */
    public record Report(List<SessionOutcome> sessions, Progress progress) {

        public boolean allCompleted() {
            return sessions.stream().allMatch(s -> s.failure() == null && "COMPLETED".equals(s.state()));
        }

        public AlarmReport alarms() {
            return AlarmReport.of(sessions);
        }
    }

    public Report run() throws InterruptedException {
        SimulationSettings s = settings.compression() != null ? settings : settings.withCompression(stackCompression());
        String run = Long.toString(clock.millis() % 100_000, 36);
        Enrolment enrolment = new Enrolment(api, DevelopmentTokens.withKey(s.devKey()), clock, run,
                s.realReadingInterval().multipliedBy(s.compression()));
        Progress progress = new Progress(clock);
        out.printf("simulator: %d sessions, clinical time %dx (a 2-hour session takes about %d min), devices send every %d "
                        + "clinical s, run %s%n", s.sessions(), s.compression(), Math.max(1, 125 / s.compression()),
                s.readingEvery().toSeconds(), run);
        ExecutorService pool = Executors.newFixedThreadPool(s.sessions());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleAtFixedRate(() -> progress.print(out), s.progressEvery().toMillis(), s.progressEvery().toMillis(),
                TimeUnit.MILLISECONDS);
        List<Future<SessionOutcome>> running = new ArrayList<>();
        for (int i = 1; i <= s.sessions(); i++) {
            int index = i;
            // Up to 4 sessions for the named clinician (four hours apart in their day); the others get their own.
            boolean named = s.clinician() != null && index <= 4;
            String clinician = named ? s.clinician() : "dr.sim-" + run + "-" + index;
            int slot = named ? index - 1 : 0;
            progress.state(index, "ENROLLING");
            running.add(pool.submit(() -> {
                Enrolment.EnrolledSession enrolled = enrolment.enrol(index, clinician, slot);
                progress.state(index, "SCHEDULED");
                SimulatedPatient patient = new SimulatedPatient(new VitalSigns(128, 82, 72, 97), s.anomaliesOf(index), index);
                return new SessionRun(index, enrolled, patient, api, clock, s, progress).run();
            }));
            Thread.sleep(s.stagger().toMillis());
        }
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                outcomes.add(running.get(i).get());
            } catch (ExecutionException failed) {
                progress.state(i + 1, "FAILED");
                outcomes.add(SessionOutcome.failed(i + 1, s.anomaliesOf(i + 1), String.valueOf(failed.getCause().getMessage())));
            }
        }
        reporter.shutdownNow();
        pool.shutdownNow();
        progress.print(out);
        for (SessionOutcome o : outcomes) {
            out.printf("session %d %s: %s, anomalies %s, alerts %s%s%n", o.index(), o.sessionId() == null ? "-" : o.sessionId(),
                    o.state(), o.anomalies().isEmpty() ? "none" : o.anomalies(), o.alerts().isEmpty() ? "none" : o.alerts(),
                    o.failure() == null ? "" : " (" + o.failure() + ")");
        }
        Report report = new Report(outcomes, progress);
        if (s.alarmReport()) {
            report.alarms().print(out);
        }
        return report;
    }

    /**
     * The stack says how compressed its clinical time is in session-service's readiness (the clinical-time check),
     * served on its management interface.
     */
    private int stackCompression() {
        String readiness = settings.stack().sessionsManagement() + "/q/health/ready";
        ClinicApi.Answer ready = api.get(readiness, null);
        for (var check : ready.body().path("checks")) {
            if ("clinical-time".equals(check.path("name").asText())) {
                return check.path("data").path("compression").asInt(1);
            }
        }
        throw new ClinicApi.StackRefused("cannot read the stack's clinical time from " + readiness
                + " (" + ready.problem() + "); is it running? (--session-management names session-service's management interface)");
    }
}
