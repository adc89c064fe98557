package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's rules on readings from separate devices, in time: how long a value must last on an
 * oximeter's 1 Hz stream or on a spot device, and what a late reading may and may not do.
 */
class StreamRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T15:40:00Z");
    private static final Instant DOSED = T0.minus(Duration.ofMinutes(20));
    private static final AlertRules RULES = AlertRules.standard();

    private final RecentReadings recent = RecentReadings.none("s-1");
    private final SessionWatch session = new SessionWatch("s-1", "p-1", "dr-1", "MONITORING", DOSED, Thresholds.defaults(),
            124, 80);

    private static VitalReading oximeter(int second, Integer spo2, Integer pulse) {
        return new VitalReading("s-1", "oxi-1", "pulse-oximeter", null, null, pulse, spo2, null, T0.plusSeconds(second));
    }

    private static VitalReading cuff(int second, int systolic, int diastolic) {
        return new VitalReading("s-1", "cuff-1", "bp-cuff", systolic, diastolic, 72, null, null, T0.plusSeconds(second));
    }

    private static VitalReading monitor(int second, Integer spo2) {
        return new VitalReading("s-1", "mon-1", "monitor", 120, 80, 72, spo2, null, T0.plusSeconds(second));
    }

    /** Judged a second after it was measured (fresh). */
    private List<RuleOutcome> judge(VitalReading reading) {
        return RULES.evaluate(reading, recent, session, reading.measuredAt().plusSeconds(1));
    }

    private static RuleOutcome outcome(List<RuleOutcome> outcomes, String rule) {
        return outcomes.stream().filter(o -> o.rule().equals(rule)).findFirst().orElseThrow();
    }

    /** FOUND:<severity>, CLEAR or NONE. */
    private static String said(List<RuleOutcome> outcomes, String rule) {
        RuleOutcome o = outcome(outcomes, rule);
        return o.condition().map(c -> "FOUND:" + c.severity()).orElse(o.clears() ? "CLEAR" : "NONE");
    }

    /** The oximeter at 1 Hz: {@code value} from second {@code from} to second {@code to}; the last sample's outcome. */
    private List<RuleOutcome> oximeterRun(int from, int to, int spo2) {
        List<RuleOutcome> last = null;
        for (int s = from; s <= to; s++) {
            last = judge(oximeter(s, spo2, 70));
        }
        return last;
    }

    @ParameterizedTest(name = "SpO2 {0} % on the oximeter for {1} s -> {2}")
    @CsvSource({
            "89, 14, NONE", "89, 15, FOUND:CRITICAL", "85, 15, FOUND:CRITICAL", "60, 14, NONE",
            "90, 15, NONE", "90, 29, NONE", "90, 30, FOUND:WARNING", "91, 29, NONE", "91, 30, FOUND:WARNING",
            "92, 60, CLEAR", "97, 60, CLEAR"})
    void shouldCountOximeterSpo2OnlyOnceItHasLasted(int spo2, int seconds, String expected) {
        judge(oximeter(-1, 97, 70));
        assertThat(said(oximeterRun(0, seconds, spo2), OxygenSaturationRule.NAME)).isEqualTo(expected);
    }

    @Test
    void shouldGoFromWarningToCriticalAsTheRunBelowTheCriticalFloorLasts() {
        oximeterRun(0, 29, 91);
        assertThat(said(judge(oximeter(30, 89, 70)), OxygenSaturationRule.NAME)).as("below 92 for 30 s").isEqualTo("FOUND:WARNING");
        assertThat(said(oximeterRun(31, 44, 89), OxygenSaturationRule.NAME)).as("below 90 for 14 s: still the warning")
                .isEqualTo("FOUND:WARNING");
        assertThat(said(judge(oximeter(45, 89, 70)), OxygenSaturationRule.NAME)).isEqualTo("FOUND:CRITICAL");
    }

    @Test
    void shouldNotAlarmOnAMotionArtefactOfEightSeconds() {
        oximeterRun(0, 9, 97);
        for (int s = 10; s < 18; s++) {
            List<RuleOutcome> dip = judge(oximeter(s, 78, 135));
            assertThat(dip).as("second %d of the dip", s).allSatisfy(o -> assertThat(o.condition()).isEmpty());
            assertThat(outcome(dip, OxygenSaturationRule.NAME).clears()).as("a dip is not a clear either").isFalse();
        }
        List<RuleOutcome> after = oximeterRun(18, 40, 97);
        assertThat(after).allSatisfy(o -> assertThat(o.condition()).isEmpty());
    }

    @Test
    void shouldNotJoinTwoDipsAcrossMissingData() {
        oximeterRun(0, 9, 88);
        // Six seconds without a sample (more than the 5 s a run may skip), then more low values.
        assertThat(said(oximeterRun(16, 29, 88), OxygenSaturationRule.NAME)).as("13 s since the gap").isEqualTo("NONE");
        assertThat(said(judge(oximeter(31, 88, 70)), OxygenSaturationRule.NAME)).as("15 s since the gap, one sample missed")
                .isEqualTo("FOUND:CRITICAL");
    }

    @Test
    void shouldRaiseFromABackfilledDesaturationAndSayHowOldItIs() {
        oximeterRun(600, 610, 97);
        Instant now = T0.plusSeconds(611);
        List<RuleOutcome> last = null;
        for (int s = 0; s <= 15; s++) { // a backlog from ten minutes ago, older than what was judged
            last = RULES.evaluate(oximeter(s, 86, 70), recent, session, now);
        }
        AlertCondition found = outcome(last, OxygenSaturationRule.NAME).condition().orElseThrow();
        assertThat(found.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(found.measuredMinutesAgo()).isEqualTo(9L);
        assertThat(found.summary()).endsWith("(measured 9 min ago)");
    }

    @Test
    void shouldNeverClearWithALateReading() {
        oximeterRun(0, 15, 88);
        RuleOutcome late = outcome(RULES.evaluate(oximeter(-30, 98, 70), recent, session, T0.plusSeconds(16)),
                OxygenSaturationRule.NAME);
        assertThat(late.clears()).as("older than the newest judged").isFalse();
        assertThat(late.condition()).isEmpty();
        assertThat(said(judge(oximeter(16, 98, 70)), OxygenSaturationRule.NAME)).as("a new one does").isEqualTo("CLEAR");
    }

    @Test
    void shouldNotLetOneStreamClearWhatAnotherStillShows() {
        judge(monitor(0, 88));
        judge(monitor(60, 88));
        assertThat(said(judge(oximeter(61, 97, 70)), OxygenSaturationRule.NAME)).isEqualTo("NONE");
        assertThat(said(judge(monitor(120, 96)), OxygenSaturationRule.NAME)).isEqualTo("CLEAR");
    }

    @Test
    void shouldNeitherJudgeNorClearWhatAReadingDoesNotCarry() {
        judge(cuff(0, 195, 100));
        List<RuleOutcome> oximeter = judge(oximeter(1, 97, 70));
        for (String bp : List.of(BloodPressureCrisisRule.NAME, BloodPressureHighRule.NAME, BloodPressureRiseRule.NAME,
                BloodPressureLowRule.NAME)) {
            assertThat(said(oximeter, bp)).as(bp + " on an oximeter reading").isEqualTo("NONE");
        }
        List<RuleOutcome> cuff = judge(cuff(300, 120, 80));
        assertThat(said(cuff, OxygenSaturationRule.NAME)).isEqualTo("NONE");
        assertThat(said(cuff, OxygenSaturationDropRule.NAME)).isEqualTo("NONE");
        assertThat(said(cuff, RespiratoryRateRule.NAME)).isEqualTo("NONE");
        assertThat(said(cuff, BloodPressureCrisisRule.NAME)).isEqualTo("CLEAR");
        List<RuleOutcome> empty = judge(new VitalReading("s-1", "oxi-1", "pulse-oximeter", null, null, null, null, null,
                T0.plusSeconds(301)));
        assertThat(empty).allSatisfy(o -> assertThat(o.clears() || o.condition().isPresent()).isFalse());
    }

    @ParameterizedTest(name = "spot SpO2 {0} then {1} -> {2}")
    @CsvSource({"97, 91, NONE", "91, 91, FOUND:WARNING", "97, 90, NONE", "90, 90, FOUND:WARNING", "97, 89, FOUND:WARNING",
            "89, 89, FOUND:CRITICAL", "91, 89, FOUND:WARNING", "97, 85, FOUND:WARNING", "97, 84, FOUND:CRITICAL", "89, 92, CLEAR"})
    void shouldCountTwoConsecutiveSpotValues(int first, int second, String expected) {
        judge(monitor(0, first));
        assertThat(said(judge(monitor(60, second)), OxygenSaturationRule.NAME)).isEqualTo(expected);
    }

    @Test
    void shouldCountASpotDevicesConsecutiveValuesWhateverTheCadence() {
        VitalReading first = new VitalReading("s-1", "cuff-2", "bp-cuff", 120, 80, 70, 89, null, T0);
        VitalReading second = new VitalReading("s-1", "cuff-2", "bp-cuff", 120, 80, 70, 89, null, T0.plus(Duration.ofMinutes(15)));
        judge(first);
        assertThat(said(judge(second), OxygenSaturationRule.NAME)).isEqualTo("FOUND:CRITICAL");
    }

    @ParameterizedTest(name = "pre-dose 98 %, then {0} % for {1} s -> {2}")
    @CsvSource({"94, 59, NONE", "94, 60, FOUND:WARNING", "95, 90, CLEAR", "93, 60, FOUND:WARNING"})
    void shouldWarnOfADropFromThePreDoseValueThatLastsAMinute(int spo2, int seconds, String expected) {
        for (int s = 0; s < 20; s++) {
            judge(new VitalReading("s-1", "oxi-1", "pulse-oximeter", null, null, 70, s == 5 ? 80 : 98, null,
                    DOSED.minusSeconds(60 - s)));
        }
        assertThat(recent.preDoseSpo2()).as("the median: a dip before the dose does not move it").contains(98);
        assertThat(said(oximeterRun(0, seconds, spo2), OxygenSaturationDropRule.NAME)).isEqualTo(expected);
    }

    @Test
    void shouldNotJudgeADropWithoutAPreDoseValue() {
        assertThat(said(oximeterRun(0, 90, 93), OxygenSaturationDropRule.NAME)).isEqualTo("NONE");
    }

    @ParameterizedTest(name = "respiratory rate {0} /min from a spot device -> {1}")
    @CsvSource({"12, CLEAR", "10, CLEAR", "9, FOUND:WARNING", "8, FOUND:WARNING", "7, FOUND:CRITICAL", "4, FOUND:CRITICAL"})
    void shouldJudgeTheRespiratoryRate(int rate, String expected) {
        VitalReading reading = new VitalReading("s-1", "mon-1", "monitor", null, null, null, null, rate, T0);
        assertThat(said(judge(reading), RespiratoryRateRule.NAME)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "respiratory rate {0} /min on the oximeter for {1} s -> {2}")
    @CsvSource({"7, 14, NONE", "7, 15, FOUND:CRITICAL", "9, 14, NONE", "9, 15, FOUND:WARNING"})
    void shouldWaitForTheOximetersRespiratoryRateToLast(int rate, int seconds, String expected) {
        List<RuleOutcome> last = null;
        for (int s = 0; s <= seconds; s++) {
            last = judge(new VitalReading("s-1", "oxi-1", "pulse-oximeter", null, null, 70, 97, rate, T0.plusSeconds(s)));
        }
        assertThat(said(last, RespiratoryRateRule.NAME)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "pulse {0} /min on the oximeter for {1} s -> {2}")
    @CsvSource({"150, 14, NONE", "150, 15, FOUND:CRITICAL", "130, 15, FOUND:WARNING", "45, 15, FOUND:WARNING",
            "38, 15, FOUND:CRITICAL", "120, 60, CLEAR"})
    void shouldWaitForTheOximetersPulseToLast(int pulse, int seconds, String expected) {
        List<RuleOutcome> last = null;
        for (int s = 0; s <= seconds; s++) {
            last = judge(oximeter(s, 97, pulse));
        }
        assertThat(said(last, HeartRateRule.NAME)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "crisis then {0}/{1} {2} s later -> {3}")
    @CsvSource({"185, 100, 300, true", "185, 100, 301, false", "150, 125, 120, true"})
    void shouldConfirmACrisisOnARetestWithinFiveMinutes(int systolic, int diastolic, int after, boolean confirmed) {
        AlertCondition first = outcome(judge(cuff(0, 192, 110)), BloodPressureCrisisRule.NAME).condition().orElseThrow();
        assertThat(first.confirmed()).isFalse();
        AlertCondition retest = outcome(judge(cuff(after, systolic, diastolic)), BloodPressureCrisisRule.NAME).condition()
                .orElseThrow();
        assertThat(retest.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(retest.confirmed()).isEqualTo(confirmed);
        assertThat(retest.summary().startsWith("Hypertensive crisis confirmed on retest")).isEqualTo(confirmed);
    }

    @Test
    void shouldRaiseALateCrisisAtOnceAtFullSeverityAndSayHowOldItIs() {
        judge(cuff(0, 120, 80));
        Optional<AlertCondition> late = outcome(RULES.evaluate(cuff(-1500, 200, 115), recent, session, T0.plusSeconds(10)),
                BloodPressureCrisisRule.NAME).condition();
        assertThat(late).hasValueSatisfying(c -> {
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.measuredMinutesAgo()).isEqualTo(25L);
            assertThat(c.summary()).isEqualTo("Hypertensive crisis: BP 200/115 mm[Hg] (above 180/120) (measured 25 min ago)");
        });
        RuleOutcome fresh = outcome(RULES.evaluate(cuff(300, 195, 100), recent, session, T0.plusSeconds(330)),
                BloodPressureCrisisRule.NAME);
        assertThat(fresh.condition()).hasValueSatisfying(c -> assertThat(c.measuredMinutesAgo()).as("30 s: fresh").isNull());
    }

    @Test
    void shouldKeepOnlyTheLastTwoMinutesOfAStreamAndItsLastArrivals() {
        for (int s = 0; s < 1000; s++) {
            judge(oximeter(s, 97, 70));
        }
        RecentReadings.Stream oximeter = recent.state().streams().get(0);
        assertThat(oximeter.samples()).hasSizeLessThanOrEqualTo(RecentReadings.KEPT_ARRIVALS + 1);
        assertThat(oximeter.samples().get(0).measuredAt()).isAfterOrEqualTo(T0.plusSeconds(999).minus(RecentReadings.KEPT));
        assertThat(RecentReadings.of("s-1", recent.state()).state()).as("the stored form reads back").isEqualTo(recent.state());
    }
}
