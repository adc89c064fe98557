package care.ketamine.vitals.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingPlausibilityTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private final ReadingPlausibility plausibility =
            new ReadingPlausibility(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    /** Every field, as a table row gives it. */
    private static Reading reading(String systolic, String diastolic, String unit, Integer heartRate, Integer spo2,
                                   Integer respiratoryRate, Double perfusionIndex, String flags, String position, String site) {
        return new Reading("r-1", decimal(systolic), decimal(diastolic), unit, heartRate, spo2, respiratoryRate, perfusionIndex,
                flags == null ? List.of() : Arrays.asList(flags.split(" ")), position, site, NOW.minusSeconds(5));
    }

    private static Reading monitor(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2) {
        return Reading.monitor("r-1", systolic, diastolic, heartRate, spo2, NOW.minusSeconds(5));
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} is plausible")
    @CsvSource(nullValues = "-", value = {
            "192, 124, 88, 97",   // a hypertensive crisis is implausible for nobody: it must get through
            "51, 31, -, -",       // just inside the home-cuff bounds, optional values absent
            "249, 139, 300, 100", // upper edges: HR 300 and SpO2 100 are still plausible
            "120, 80, 1, 1",      // lower edges above 0
    })
    void shouldAcceptPlausibleMonitorReadings(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2) {
        assertThat(plausibility.check(monitor(systolic, diastolic, heartRate, spo2), "monitor")).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} breaks {4}: {5}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "50  | 35  | 70  | 97  | systolic  | must be above 50 and below 250 mm[Hg]",
            "250 | 80  | 70  | 97  | systolic  | must be above 50 and below 250 mm[Hg]",
            "120 | 30  | 70  | 97  | diastolic | must be above 30 and below 140 mm[Hg]",
            "200 | 140 | 70  | 97  | diastolic | must be above 30 and below 140 mm[Hg]",
            "90  | 90  | 70  | 97  | systolic  | must exceed diastolic",
            "80  | 95  | 70  | 97  | systolic  | must exceed diastolic",
            "120 | 80  | 301 | 97  | heartRate | must be between 1 and 300 /min",
            "120 | 80  | 0   | 97  | heartRate | must be between 1 and 300 /min",
            "120 | 80  | -1  | 97  | heartRate | must be between 1 and 300 /min",
            "120 | 80  | 70  | 101 | spo2      | must be between 1 and 100 %",
            "120 | 80  | 70  | 0   | spo2      | must be between 1 and 100 %",
            "-   | 80  | 70  | 97  | systolic  | is required from a monitor",
            "120 | -   | 70  | 97  | diastolic | is required from a monitor",
    })
    void shouldRejectImplausibleMonitorReadingsWithTheFieldAndTheRule(Integer systolic, Integer diastolic, Integer heartRate,
                                                                      Integer spo2, String field, String rule) {
        assertThat(plausibility.check(monitor(systolic, diastolic, heartRate, spo2), "monitor"))
                .containsExactly(new RuleBreach(field, rule));
    }

    @ParameterizedTest(name = "{0}: {1}/{2} {3} HR {4} SpO2 {5} RR {6} PI {7} flags {8} is plausible")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "bp-cuff        | 120  | 80   | -    | 72 | -   | -  | -    | -                                   | -       | -",
            "bp-cuff        | 182  | 121  | mmHg | -  | -   | 14 | -    | body-movement cuff-fit-loose        | sitting | left-upper-arm",
            "bp-cuff        | 16.0 | 10.7 | kPa  | 72 | -   | -  | -    | irregular-pulse improper-position   | lying   | right-wrist",
            "bp-cuff        | 6.8  | 4.1  | kPa  | -  | -   | -  | -    | -                                   | -       | -",
            "pulse-oximeter | -    | -    | -    | 68 | 97  | -  | -    | -                                   | -       | -",
            "pulse-oximeter | -    | -    | -    | 54 | 88  | 1  | 2.5  | -                                   | -       | left-finger",
            "pulse-oximeter | -    | -    | -    | 54 | 100 | 60 | 20.0 | -                                   | -       | -",
            "pulse-oximeter | -    | -    | -    | 54 | 96  | -  | 0.02 | -                                   | -       | earlobe",
            "monitor        | 128  | 82   | -    | 76 | 97  | 12 | 1.5  | -                                   | -       | -",
    })
    void shouldAcceptEachKindsShape(String kind, String systolic, String diastolic, String unit, Integer heartRate, Integer spo2,
                                    Integer respiratoryRate, Double perfusionIndex, String flags, String position, String site) {
        assertThat(plausibility.check(reading(systolic, diastolic, unit, heartRate, spo2, respiratoryRate, perfusionIndex,
                flags, position, site), kind)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}/{2} {3} HR {4} SpO2 {5} RR {6} PI {7} flags {8} breaks {11}: {12}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // what a kind must send
            "bp-cuff        | -     | 80   | -    | 72 | -   | -  | -    | -             | -        | -            | systolic         | is required from a bp-cuff",
            "bp-cuff        | 120   | -    | -    | 72 | -   | -  | -    | -             | -        | -            | diastolic        | is required from a bp-cuff",
            "pulse-oximeter | -     | -    | -    | 68 | -   | -  | -    | -             | -        | -            | spo2             | is required from a pulse-oximeter",
            "pulse-oximeter | -     | -    | -    | -  | 97  | -  | -    | -             | -        | -            | heartRate        | is required from a pulse-oximeter",
            // what a kind does not measure
            "bp-cuff        | 120   | 80   | -    | 72 | 97  | -  | -    | -             | -        | -            | spo2             | is not measured by a bp-cuff; send it from the device that measures it",
            "bp-cuff        | 120   | 80   | -    | 72 | -   | -  | 2.0  | -             | -        | -            | perfusionIndex   | is not measured by a bp-cuff; send it from the device that measures it",
            "pulse-oximeter | 120   | -    | -    | 68 | 97  | -  | -    | -             | -        | -            | systolic         | is not measured by a pulse-oximeter; send it from the device that measures it",
            "pulse-oximeter | -     | 80   | -    | 68 | 97  | -  | -    | -             | -        | -            | diastolic        | is not measured by a pulse-oximeter; send it from the device that measures it",
            "pulse-oximeter | -     | -    | kPa  | 68 | 97  | -  | -    | -             | -        | -            | unit             | is not measured by a pulse-oximeter; send it from the device that measures it",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | -  | -    | body-movement | -        | -            | measurementFlags | is not measured by a pulse-oximeter; send it from the device that measures it",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | -  | -    | -             | sitting  | -            | bodyPosition     | is not measured by a pulse-oximeter; send it from the device that measures it",
            "sitter-phone   | 120   | 80   | -    | 72 | -   | -  | -    | -             | -        | -            | device           | a sitter-phone device sends no readings",
            "patient-phone  | 120   | 80   | -    | 72 | 97  | -  | -    | -             | -        | -            | device           | a patient-phone device sends no readings",
            // bounds
            "pulse-oximeter | -     | -    | -    | 0  | 97  | -  | -    | -             | -        | -            | heartRate        | must be between 1 and 300 /min",
            "pulse-oximeter | -     | -    | -    | 68 | 0   | -  | -    | -             | -        | -            | spo2             | must be between 1 and 100 %",
            "pulse-oximeter | -     | -    | -    | 68 | 101 | -  | -    | -             | -        | -            | spo2             | must be between 1 and 100 %",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | 0  | -    | -             | -        | -            | respiratoryRate  | must be between 1 and 60 /min",
            "bp-cuff        | 120   | 80   | -    | -  | -   | 61 | -    | -             | -        | -            | respiratoryRate  | must be between 1 and 60 /min",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | -  | 0.0  | -             | -        | -            | perfusionIndex   | must be above 0 and at most 20 %",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | -  | 20.1 | -             | -        | -            | perfusionIndex   | must be above 0 and at most 20 %",
            "pulse-oximeter | -     | -    | -    | 68 | 97  | -  | NaN  | -             | -        | -            | perfusionIndex   | must be above 0 and at most 20 %",
            "bp-cuff        | 120.5 | 80   | -    | -  | -   | -  | -    | -             | -        | -            | systolic         | must be a whole number of mm[Hg]",
            "bp-cuff        | 120   | 80   | mmhg | -  | -   | -  | -    | -             | -        | -            | unit             | must be mmHg or kPa",
            "bp-cuff        | 6.6   | 4.1  | kPa  | -  | -   | -  | -    | -             | -        | -            | systolic         | must be above 50 and below 250 mm[Hg] (converted from kPa)",
            "bp-cuff        | 33.4  | 10.0 | kPa  | -  | -   | -  | -    | -             | -        | -            | systolic         | must be above 50 and below 250 mm[Hg] (converted from kPa)",
            "bp-cuff        | 10.7  | 10.7 | kPa  | -  | -   | -  | -    | -             | -        | -            | systolic         | must exceed diastolic",
            // the cuff's vocabulary
            "bp-cuff        | 120   | 80   | -    | -  | -   | -  | -    | loose-cuff    | -        | -            | measurementFlags | must each be one of body-movement, cuff-fit-loose, improper-position, irregular-pulse",
            "bp-cuff        | 120   | 80   | -    | -  | -   | -  | -    | -             | reclined | -            | bodyPosition     | must be one of lying, sitting, standing",
            "bp-cuff        | 120   | 80   | -    | -  | -   | -  | -    | -             | -        | left-thigh   | measurementSite  | must be one of earlobe, left-finger, left-upper-arm, left-wrist, right-finger, right-upper-arm, right-wrist",
    })
    void shouldRejectWhatDoesNotFitTheDeviceOrIsImplausible(String kind, String systolic, String diastolic, String unit,
                                                           Integer heartRate, Integer spo2, Integer respiratoryRate,
                                                           Double perfusionIndex, String flags, String position, String site,
                                                           String field, String rule) {
        assertThat(plausibility.check(reading(systolic, diastolic, unit, heartRate, spo2, respiratoryRate, perfusionIndex,
                flags, position, site), kind)).containsExactly(new RuleBreach(field, rule));
    }

    @Test
    void shouldListEveryBrokenRuleNotJustTheFirst() {
        Reading bad = Reading.monitor(" ", 300, 150, 400, 120, null);

        assertThat(plausibility.check(bad, "monitor")).extracting(RuleBreach::field)
                .containsExactly("readingId", "systolic", "diastolic", "heartRate", "spo2", "measuredAt");
    }

    @Test
    void shouldRefuseAReadingFromMoreThanTwoMinutesInTheFuture() {
        Reading atLimit = Reading.monitor("r-1", 120, 80, null, null, NOW.plusSeconds(120));
        Reading beyond = Reading.monitor("r-2", 120, 80, null, null, NOW.plusSeconds(121));

        assertThat(plausibility.check(atLimit, "monitor")).isEmpty();
        assertThat(plausibility.check(beyond, "monitor")).containsExactly(
                new RuleBreach("measuredAt", "may be at most 120 s in the future (after correcting the device clock)"));
    }

    @Test
    void shouldRefuseAnOverlongReadingId() {
        Reading longId = Reading.monitor("x".repeat(101), 120, 80, null, null, NOW);

        assertThat(plausibility.check(longId, "monitor")).containsExactly(new RuleBreach("readingId", "must be at most 100 characters"));
    }

    @Test
    void shouldRefuseAReadingIdWithControlCharacters() {
        for (String id : new String[]{"r-1\u0000", "r\n2", "\u007f", "r\u00853"}) {
            assertThat(plausibility.check(Reading.monitor(id, 120, 80, null, null, NOW), "monitor")).as(id)
                    .containsExactly(new RuleBreach("readingId", "must not contain control characters"));
        }
        assertThat(plausibility.check(Reading.monitor("r-0001 é", 120, 80, null, null, NOW), "monitor")).isEmpty();
    }
}
