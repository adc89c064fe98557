package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmReportTest {

    private static SessionOutcome session(int index, Set<Anomaly> anomalies, Map<String, Integer> alerts) {
        return new SessionOutcome(index, "s-" + index, anomalies, "COMPLETED", Map.of(), alerts, Duration.ofHours(2), null, Map.of());
    }

    @Test
    void shouldCountAlertsPerSessionHourFalseAlarmsAndMissedOnesPerScenario() {
        AlarmReport report = AlarmReport.of(List.of(
                session(1, Set.of(), Map.of()),
                session(2, Set.of(), Map.of("device-silent", 1)),
                session(3, Set.of(Anomaly.MOTION_ARTEFACTS), Map.of()),
                session(4, Set.of(Anomaly.SPO2_DIP), Map.of("spo2-low", 1)),
                session(5, Set.of(Anomaly.SPO2_DIP), Map.of()),
                session(6, Set.of(Anomaly.BP_SPIKE), Map.of("bp-crisis", 1, "bp-high", 1, "heart-rate", 1)),
                session(7, Set.of(Anomaly.BRADYPNOEA), Map.of("resp-rate-low", 1, "bp-crisis", 2))));

        assertThat(report.rows()).extracting(AlarmReport.Row::scenario)
                .containsExactly("bp-spike", "bradypnoea", "clean", "motion-artefacts", "spo2-dip");
        AlarmReport.Row clean = report.rows().get(2);
        assertThat(clean.sessions()).isEqualTo(2);
        assertThat(clean.sessionHours()).isEqualTo(4.0);
        assertThat(clean.alerts()).isEqualTo(1);
        assertThat(clean.alertsPerSessionHour()).isEqualTo(0.25);
        assertThat(clean.falseAlerts()).isEqualTo(1);
        assertThat(report.rows().get(0).falseAlerts()).as("a crisis explains its high BP and heart rate").isZero();
        assertThat(report.rows().get(1).falseAlerts()).as("a crisis nothing caused").isEqualTo(2);
        assertThat(report.rows().get(4).missed()).isEqualTo(1);
        assertThat(report.missed()).singleElement().satisfies(f -> {
            assertThat(f.session()).isEqualTo(5);
            assertThat(f.what()).contains("spo2-dip");
        });
        // clean and motion artefacts: 1 false alert in 6 session-hours
        assertThat(report.falseAlertsPer10HoursWhereNoneNeeded()).isCloseTo(10 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldLeaveOutFailedSessionsAndPrintEveryScenario() {
        AlarmReport report = AlarmReport.of(List.of(session(1, Set.of(), Map.of()),
                SessionOutcome.failed(2, Set.of(Anomaly.SPO2_DIP), "the stack refused")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.rows()).hasSize(1);
        assertThat(report.missed()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("clean").contains("missed: 0 (target 0)");
    }

    @Test
    void shouldCycleThroughEveryScenarioIncludingTheOnesThatMustNotAlarm() {
        assertThat(AlarmReport.scenarioOf(1)).isEmpty();
        assertThat(AlarmReport.scenarioOf(2)).containsExactly(Anomaly.MOTION_ARTEFACTS);
        assertThat(AlarmReport.scenarioOf(AlarmReport.SCENARIOS.size() + 1)).isEmpty();
        for (Anomaly anomaly : Anomaly.values()) {
            assertThat(AlarmReport.SCENARIOS).as("every anomaly has a scenario").anyMatch(s -> s.contains(anomaly));
            if (anomaly.needsAlert()) {
                assertThat(AlarmReport.EXPECTED).as("what %s must raise", anomaly).containsKey(anomaly);
            }
        }
    }
}
