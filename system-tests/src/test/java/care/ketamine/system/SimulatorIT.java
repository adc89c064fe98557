package care.ketamine.system;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.run.AlarmReport;
import care.ketamine.simulator.run.SessionOutcome;
import care.ketamine.simulator.run.Simulation;
import care.ketamine.simulator.run.SimulationSettings;
import care.ketamine.simulator.stack.StackAddresses;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * The device simulator drives whole dosing sessions through the four services, with clinical time
 * compressed 30x (a 2-hour session in about 4 minutes; at 60x a cuff's 5 minutes are 5 s of wall-clock, and
 * a few seconds' stall of this 2-core machine under ten sessions reads as a silent cuff): enrolment, check-in, the gate, the dose,
 * monitoring with a cuff, an oximeter and check-ins, recovery and completion, as the alarm report runs
 * them (deploy/local/simulate --alarm-report) at a small size.
 */
class SimulatorIT {

    private static final int COMPRESSION = 30;
    private static final List<ServiceProcess> running = new ArrayList<>();

    @BeforeAll
    static void startTheSystemWithCompressedClinicalTime() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        for (String name : List.of("intake-service", "session-service", "vitals-service", "alerting-service")) {
            running.add(ServiceProcess.start(name, name + "-simulated", infrastructure,
                    List.of("-Dclinic.time-compression=" + COMPRESSION)));
        }
        running.forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stopTheSystem() throws InterruptedException {
        for (ServiceProcess service : running) {
            service.close();
        }
    }

    @Test
    void shouldSayOnEveryServiceThatClinicalTimeIsCompressed() {
        for (ServiceProcess service : running) {
            given().get(service.managementUrl("/q/health/ready")).then().statusCode(200)
                    .body("checks.find { it.name == 'clinical-time' }.data.compression", org.hamcrest.Matchers.is(COMPRESSION));
            given().get(service.managementUrl("/q/metrics")).then().body(org.hamcrest.Matchers.containsString("clinic_time_compression"));
        }
    }

    /**
     * The alarm report at a small size: one session of each scenario, each with a blood pressure cuff on
     * its 5/15-minute cadence and a pulse oximeter at 1 Hz. The sessions that need no alert (clean, motion
     * artefacts, drifting device clocks) raise none, not even device-silent; each that needs one gets it,
     * including device-silent when the oximeter alone stops.
     */
    @Test
    void shouldAlarmOnEveryScenarioThatNeedsItAndOnNoOther() throws InterruptedException {
        StackAddresses stack = new StackAddresses(running.get(0).url(""), running.get(1).url(""), running.get(2).url(""),
                running.get(3).url(""), running.get(1).managementUrl(""));
        int sessions = 10;
        SimulationSettings settings = SimulationSettings.parse(List.of("--alarm-report", "--sessions", Integer.toString(sessions),
                "--acknowledge-after", "3", "--stagger", "1", "--progress-every", "10",
                "--dev-key", DevKeys.privateKey().toString(), "--intake", stack.intake(), "--session", stack.sessions(),
                "--vitals", stack.vitals(), "--alerting", stack.alerting(), "--session-management", stack.sessionsManagement()));

        Simulation.Report report = new Simulation(settings, Clock.systemUTC(), System.out).run();
        AlarmReport alarms = report.alarms();

        assertThat(report.sessions()).extracting(s -> s.state()).containsOnly("COMPLETED").hasSize(sessions);
        assertThat(alarms.missed()).as("scenarios that needed an alert and got none").isEmpty();
        assertThat(alarms.falseAlerts()).as("alerts no scenario called for").isEmpty();
        assertThat(alarms.falseAlertsPer10HoursWhereNoneNeeded()).isLessThan(1.0);
        assertThat(byScenario(report, Set.of()).alerts()).as("a clean session with both devices").isEmpty();
        // One device-silent alert per device: the oximeter's, named by its id; the cuff went on.
        assertThat(byScenario(report, Set.of(Anomaly.DEVICE_SILENCE)).alertCounts().entrySet())
                .as("exactly one device-silent alert, the oximeter's").filteredOn(e -> e.getKey().startsWith("device-silent"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getKey()).startsWith("device-silent-");
                    assertThat(e.getValue()).isEqualTo(1);
                });
        assertThat(byScenario(report, Set.of(Anomaly.BP_SPIKE)).alerts()).containsEntry("bp-crisis", "CRITICAL");
        // The sitter's app said they stepped out, and they stayed out over 5 clinical minutes.
        SessionOutcome aloneAndAfraid = byScenario(report, Set.of(Anomaly.SITTER_LEAVES, Anomaly.HELP_REQUESTED));
        assertThat(aloneAndAfraid.alerts()).containsEntry("sitter-away", "WARNING")
                .containsEntry("help-requested", "CRITICAL");
        assertThat(report.progress().readingsRefused()).isZero();

        // The offline backlog reached the history: without it there would be a 40-second hole (20 clinical
        // minutes) in the oximeter's measurement times; at 30x it samples every 2 clinical seconds.
        String backlogged = byScenario(report, Set.of(Anomaly.OFFLINE_BACKLOG)).sessionId();
        List<Instant> measured = given().header("Authorization", "Bearer " + DevTokens.forRole("admin"))
                .get(running.get(2).url("/sessions/" + backlogged + "/observations"))
                .then().statusCode(200).extract().jsonPath().getList("readings.measuredAt", String.class)
                .stream().map(Instant::parse).sorted().toList();
        assertThat(measured).hasSizeGreaterThan(1000);
        Duration widestGap = Duration.ZERO;
        for (int i = 1; i < measured.size(); i++) {
            Duration gap = Duration.between(measured.get(i - 1), measured.get(i));
            widestGap = gap.compareTo(widestGap) > 0 ? gap : widestGap;
        }
        assertThat(widestGap).isLessThan(Duration.ofSeconds(3));
        given().header("Authorization", "Bearer " + DevTokens.forRole("admin"))
                .get(running.get(1).url("/sessions/" + backlogged))
                .then().statusCode(200).body("state", org.hamcrest.Matchers.is("COMPLETED"))
                .body("history.to", hasItem("RECOVERED"));
    }

    private static SessionOutcome byScenario(Simulation.Report report, Set<Anomaly> scenario) {
        return report.sessions().stream().filter(s -> s.anomalies().equals(scenario)).findFirst().orElseThrow();
    }
}
