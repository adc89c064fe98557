package care.ketamine.system;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.run.Simulation;
import care.ketamine.simulator.run.SimulationSettings;
import care.ketamine.simulator.stack.StackAddresses;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * The device simulator drives three whole dosing sessions through the four services, with clinical
 * time compressed 60x (a 2-hour session in about 2 minutes): enrolment, check-in, the gate, the dose,
 * monitoring with readings and check-ins, recovery and completion. A clean session raises nothing;
 * each anomaly raises its own alert, which the simulated clinician acknowledges.
 */
class SimulatorIT {

    private static final int COMPRESSION = 60;
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

    @Test
    void shouldRunWholeSessionsAndRaiseAnAlertForEachAnomalyOnly() throws InterruptedException {
        StackAddresses stack = new StackAddresses(running.get(0).url(""), running.get(1).url(""), running.get(2).url(""),
                running.get(3).url(""), running.get(1).managementUrl(""));
        SimulationSettings settings = new SimulationSettings(3, null, Duration.ofSeconds(5),
                Map.of(2, EnumSet.of(Anomaly.BP_SPIKE), 3, EnumSet.of(Anomaly.MISSED_CHECK_INS, Anomaly.OFFLINE_BACKLOG)),
                Duration.ofSeconds(3), null, stack, DevKeys.privateKey(), Duration.ofSeconds(10), Duration.ofSeconds(1), false);

        Simulation.Report report = new Simulation(settings, Clock.systemUTC(), System.out).run();

        assertThat(report.sessions()).extracting(s -> s.state()).containsExactly("COMPLETED", "COMPLETED", "COMPLETED");
        assertThat(report.sessions().get(0).alerts()).as("a session without anomalies").isEmpty();
        assertThat(report.sessions().get(1).alerts()).containsEntry("bp-crisis", "CRITICAL");
        assertThat(report.sessions().get(2).alerts()).containsKeys("check-in-missed-patient", "device-silent")
                .doesNotContainKeys("bp-crisis", "spo2-low", "check-in-missed-sitter");
        assertThat(report.progress().alertsAcknowledged()).as("the simulated clinician took every alert")
                .containsValue("bp-crisis").containsValue("check-in-missed-patient");
        assertThat(report.progress().readingsRefused()).isZero();
        // 8 prompts for two respondents in each session, less the patient's two missed on purpose, less any
        // prompt still unanswered when recovery ended the session.
        assertThat(report.progress().checkIns()).isGreaterThanOrEqualTo(3 * 14 - 2 - 6);

        // The offline backlog reached the history: without it there would be a 10-second hole (10 clinical
        // minutes) in the readings' measurement times; readings come every 200 ms.
        String session3 = report.sessions().get(2).sessionId();
        List<Instant> measured = given().header("Authorization", "Bearer " + DevTokens.forRole("admin"))
                .get(running.get(2).url("/sessions/" + session3 + "/observations"))
                .then().statusCode(200).extract().jsonPath().getList("readings.measuredAt", String.class)
                .stream().map(Instant::parse).sorted().toList();
        assertThat(measured).hasSizeGreaterThan(300);
        Duration widestGap = Duration.ZERO;
        for (int i = 1; i < measured.size(); i++) {
            Duration gap = Duration.between(measured.get(i - 1), measured.get(i));
            widestGap = gap.compareTo(widestGap) > 0 ? gap : widestGap;
        }
        assertThat(widestGap).isLessThan(Duration.ofSeconds(3));
        given().header("Authorization", "Bearer " + DevTokens.forRole("admin"))
                .get(running.get(1).url("/sessions/" + session3))
                .then().statusCode(200).body("state", org.hamcrest.Matchers.is("COMPLETED"))
                .body("history.to", hasItem("RECOVERED"));
    }
}
