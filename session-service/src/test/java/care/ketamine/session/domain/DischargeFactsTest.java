package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DischargeFactsTest {

    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");
    private static final Instant NOW = DOSED.plus(Duration.ofMinutes(130));
    private static final GateReading PRE_DOSE = new GateReading(130, 80, 70, null);

    private static GateReading at(int minutesAgo, int systolic, int diastolic, Integer heartRate, Integer spo2) {
        return new GateReading(systolic, diastolic, heartRate, spo2, NOW.minus(Duration.ofMinutes(minutesAgo)));
    }

    private static DischargeFacts facts(List<GateReading> readings) {
        return new DischargeFacts(PRE_DOSE, readings, new SitterLook(5, true, NOW.minus(Duration.ofMinutes(3))),
                new PatientLook(true, NOW.minus(Duration.ofMinutes(4))), List.of(), DOSED, 94);
    }

    private static DischargeProposal.Criterion criterion(DischargeProposal p, String name) {
        return p.criteria().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldProposeDischargeWhenEveryCriterionIsMetAndSayOnWhichFigures() {
        DischargeProposal p = facts(List.of(at(14, 148, 88, 88, 95), at(2, 112, 72, 52, null),
                at(40, 190, 120, 130, 85))).propose(ProtocolTimes.STANDARD, NOW);

        assertThat(p.allMet()).isTrue();
        assertThat(p.criteria()).extracting(DischargeProposal.Criterion::name)
                .containsExactly("vitals", "sitter", "patient", "alerts", "floor");
        assertThat(criterion(p, "vitals").figures()).as("a reading older than 15 minutes is passed over")
                .startsWith("2 readings in the last 15 minutes: BP 112-148/72-88, heart rate 52-88, SpO2 95");
        assertThat(criterion(p, "floor").overridable()).isFalse();
        assertThat(criterion(p, "sitter").overridable()).isTrue();
    }

    @ParameterizedTest(name = "{0}/{1}, heart rate {2}, SpO2 {3}: near {4}")
    @CsvSource(nullValues = "none", value = {
            "150, 80, 70, 97, true",
            "151, 80, 70, 97, false",
            "109, 80, 70, 97, false",
            "130, 90, 70, 97, true",
            "130, 91, 70, 97, false",
            "130, 69, 70, 97, false",
            "130, 80, 90, 97, true",
            "130, 80, 91, 97, false",
            "130, 80, 49, 97, false",
            "130, 80, none, 97, false",
            "130, 80, 70, 94, true",
            "130, 80, 70, 93, false",
            "130, 80, 70, none, true"})
    void shouldJudgeEveryReadingOfTheLast15MinutesAgainstThePreDoseReading(int systolic, int diastolic, Integer heartRate,
                                                                           Integer spo2, boolean near) {
        DischargeProposal p = facts(List.of(at(10, 130, 80, 70, 97), at(5, systolic, diastolic, heartRate, spo2)))
                .propose(ProtocolTimes.STANDARD, NOW);

        assertThat(criterion(p, "vitals").met()).isEqualTo(near);
        if (!near) {
            assertThat(criterion(p, "vitals").figures()).contains("not near: at " + NOW.minus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void shouldNotProposeDischargeWithoutARecentReadingOrSitterCheckIn() {
        DischargeFacts stale = new DischargeFacts(PRE_DOSE, List.of(at(16, 130, 80, 70, 97)),
                new SitterLook(5, true, NOW.minus(Duration.ofMinutes(16))), null, List.of(), DOSED, 94);

        DischargeProposal p = stale.propose(ProtocolTimes.STANDARD, NOW);

        assertThat(criterion(p, "vitals").met()).isFalse();
        assertThat(criterion(p, "vitals").figures()).startsWith("no reading in the last 15 minutes");
        assertThat(criterion(p, "sitter").figures()).startsWith("no sitter check-in in the last 15 minutes");
        assertThat(criterion(p, "patient").figures()).isEqualTo("the patient has not checked in");
        assertThat(p.unmet()).extracting(DischargeProposal.Criterion::name).containsExactly("vitals", "sitter", "patient");
    }

    @Test
    void shouldNotProposeDischargeOnADrowsyPatientAnUnwellAnswerASeriousAlertOrBeforeTheFloor() {
        Instant now = DOSED.plus(Duration.ofMinutes(119));
        DischargeFacts facts = new DischargeFacts(PRE_DOSE, List.of(new GateReading(130, 80, 70, 97, now.minusSeconds(300))),
                new SitterLook(4, true, now.minusSeconds(120)), new PatientLook(false, now.minusSeconds(30)),
                List.of(new OpenAlert("a1", "bp-rise", "WARNING", "ACKNOWLEDGED"), new OpenAlert("a2", "note", "INFO", "OPEN")),
                DOSED, 94);

        DischargeProposal p = facts.propose(ProtocolTimes.STANDARD, now);

        assertThat(criterion(p, "sitter").figures()).startsWith("MOAA/S 4 of 5, sitter present");
        assertThat(criterion(p, "patient").figures()).endsWith("says not OK");
        assertThat(criterion(p, "alerts").figures()).isEqualTo("unresolved: bp-rise (WARNING, ACKNOWLEDGED)");
        assertThat(criterion(p, "floor").figures()).contains("120 minutes pass at " + DOSED.plus(Duration.ofMinutes(120)));
        assertThat(p.unmet()).extracting(DischargeProposal.Criterion::name)
                .containsExactly("sitter", "patient", "alerts", "floor");
    }
}
