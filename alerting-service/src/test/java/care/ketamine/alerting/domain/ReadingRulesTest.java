package care.ketamine.alerting.domain;

import care.ketamine.contracts.intake.MonitoringThresholds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingRulesTest {

    private static final Instant AT = Instant.parse("2026-11-26T15:40:00Z");

    private static SessionWatch session(Thresholds thresholds, Integer preDoseSystolic, Integer preDoseDiastolic) {
        return new SessionWatch("s-1", "p-1", "dr-1", "MONITORING", AT.minusSeconds(2400), thresholds, preDoseSystolic,
                preDoseDiastolic);
    }

    /** The conditions found, as rule:SEVERITY, in rule order; "-" for none. */
    private static String found(int systolic, int diastolic, Integer heartRate, Integer spo2, SessionWatch session) {
        List<RuleOutcome> outcomes = AlertRules.standard().evaluate(
                new VitalReading("s-1", systolic, diastolic, heartRate, spo2, AT), session);
        String conditions = outcomes.stream().flatMap(o -> o.condition().stream())
                .map(c -> c.rule() + ":" + c.severity()).collect(Collectors.joining(" "));
        return conditions.isEmpty() ? "-" : conditions;
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} after a pre-dose 124/80 -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            120 | 80  | 70  | 97  | -
            180 | 120 | 70  | 97  | bp-high:WARNING bp-rise:WARNING
            181 | 90  | 70  | 97  | bp-crisis:CRITICAL bp-rise:WARNING
            150 | 121 | 70  | 97  | bp-crisis:CRITICAL bp-rise:WARNING
            192 | 124 | 70  | 97  | bp-crisis:CRITICAL bp-rise:WARNING
            161 | 90  | 70  | 97  | bp-high:WARNING
            160 | 100 | 70  | 97  | -
            140 | 101 | 70  | 97  | bp-high:WARNING
            163 | 80  | 70  | 97  | bp-high:WARNING
            164 | 80  | 70  | 97  | bp-high:WARNING bp-rise:WARNING
            150 | 104 | 70  | 97  | bp-high:WARNING
            150 | 105 | 70  | 97  | bp-high:WARNING bp-rise:WARNING
            120 | 80  | 70  | 92  | -
            120 | 80  | 70  | 91  | -
            120 | 80  | 70  | 90  | -
            120 | 80  | 70  | 89  | spo2-low:WARNING
            120 | 80  | 70  | 85  | spo2-low:WARNING
            120 | 80  | 70  | 84  | spo2-low:CRITICAL
            120 | 80  | 70  |     | -
            120 | 80  | 120 | 97  | -
            120 | 80  | 121 | 97  | heart-rate:WARNING
            120 | 80  | 140 | 97  | heart-rate:WARNING
            120 | 80  | 141 | 97  | heart-rate:CRITICAL
            120 | 80  | 50  | 97  | -
            120 | 80  | 49  | 97  | heart-rate:WARNING
            120 | 80  | 40  | 97  | heart-rate:WARNING
            120 | 80  | 39  | 97  | heart-rate:CRITICAL
            95  | 80  | 70  | 97  | -
            94  | 80  | 70  | 97  | bp-low:WARNING
            89  | 60  | 70  | 97  | bp-low:WARNING
            120 | 80  |     | 97  | -
            195 | 125 | 130 | 84  | bp-crisis:CRITICAL bp-rise:WARNING spo2-low:CRITICAL heart-rate:WARNING
            """)
    void shouldFindWhatTheDefaultThresholdsSay(int systolic, int diastolic, Integer heartRate, Integer spo2, String expected) {
        assertThat(found(systolic, diastolic, heartRate, spo2, session(Thresholds.defaults(), 124, 80))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} under a stricter plan -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            150 | 90  | 70  | 97  | -
            151 | 90  | 70  | 97  | bp-high:WARNING
            150 | 91  | 70  | 97  | bp-high:WARNING
            120 | 80  | 111 | 97  | heart-rate:WARNING
            120 | 80  | 55  | 97  | heart-rate:WARNING
            120 | 80  | 70  | 94  | -
            120 | 80  | 70  | 91  | spo2-low:WARNING
            """)
    void shouldApplyThePlansThresholds(int systolic, int diastolic, Integer heartRate, Integer spo2, String expected) {
        Thresholds plan = Thresholds.of(new MonitoringThresholds(160, 90, 100, 150, 90, 30, 20, 110, 56, 95, 92));
        assertThat(found(systolic, diastolic, heartRate, spo2, session(plan, null, null))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a plan asking for critical below {0} % gets {1} %")
    @CsvSource({"85, 90", "88, 90", "90, 90", "93, 93"})
    void shouldNeverLetTheCriticalSpo2ThresholdGoBelow90(int planned, int applied) {
        Thresholds plan = Thresholds.of(new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, planned));
        assertThat(plan.spo2Critical()).isEqualTo(applied);
        RecentReadings recent = RecentReadings.none("s-1");
        AlertRules.standard().evaluate(new VitalReading("s-1", 120, 80, 70, 89, AT.minusSeconds(60)), recent, session(plan, null, null), AT);
        assertThat(AlertRules.standard().evaluate(new VitalReading("s-1", 120, 80, 70, 89, AT), recent, session(plan, null, null), AT))
                .flatMap(o -> o.condition().stream().toList()).singleElement()
                .satisfies(c -> assertThat(c.severity()).as("89 twice on a monitor").isEqualTo(Severity.CRITICAL));
    }

    @ParameterizedTest(name = "without a pre-dose reading {0}/{1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            170 | 80 | bp-high:WARNING
            150 | 95 | -
            90  | 60 | -
            89  | 60 | bp-low:WARNING
            """)
    void shouldNotJudgeARiseWithoutAPreDoseReading(int systolic, int diastolic, String expected) {
        assertThat(found(systolic, diastolic, 70, 97, session(Thresholds.defaults(), null, null))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}/{1}: worse is larger ({2})")
    @CsvSource({"181, 90, 1", "200, 90, 20", "150, 130, 10"})
    void shouldMeasureHowFarPastTheCrisisThresholdAReadingIs(int systolic, int diastolic, double measure) {
        VitalReading reading = new VitalReading("s-1", systolic, diastolic, null, null, AT);
        RuleOutcome crisis = new BloodPressureCrisisRule().evaluate(reading, StreamHistory.alone(reading), SessionWatch.unknown("s-1"));
        assertThat(crisis.condition()).hasValueSatisfying(c -> assertThat(c.measure()).isEqualTo(measure));
    }
}
