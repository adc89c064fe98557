package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingPlausibilityTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private final ReadingPlausibility plausibility =
            new ReadingPlausibility(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));

    private static Reading reading(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2) {
        return new Reading("r-1", systolic, diastolic, heartRate, spo2, NOW.minusSeconds(5));
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} is plausible")
    @CsvSource(nullValues = "-", value = {
            "192, 124, 88, 97",   // a hypertensive crisis is implausible for nobody: it must get through
            "51, 31, -, -",       // just inside the home-cuff bounds, optional values absent
            "249, 139, 300, 100", // upper edges: HR 300 and SpO2 100 are still plausible
            "120, 80, 0, 0",      // research bounds include 0
    })
    void shouldAcceptPlausibleReadings(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2) {
        assertThat(plausibility.check(reading(systolic, diastolic, heartRate, spo2))).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1} HR {2} SpO2 {3} breaks {4}: {5}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "50  | 35  | 70  | 97  | systolic  | must be above 50 and below 250 mm[Hg]",
            "250 | 80  | 70  | 97  | systolic  | must be above 50 and below 250 mm[Hg]",
            "120 | 30  | 70  | 97  | diastolic | must be above 30 and below 140 mm[Hg]",
            "200 | 140 | 70  | 97  | diastolic | must be above 30 and below 140 mm[Hg]",
            "90  | 90  | 70  | 97  | systolic  | must exceed diastolic",
            "80  | 95  | 70  | 97  | systolic  | must exceed diastolic",
            "120 | 80  | 301 | 97  | heartRate | must be between 0 and 300",
            "120 | 80  | -1  | 97  | heartRate | must be between 0 and 300",
            "120 | 80  | 70  | 101 | spo2      | must be between 0 and 100",
            "-   | 80  | 70  | 97  | systolic  | is required",
            "120 | -   | 70  | 97  | diastolic | is required",
    })
    void shouldRejectImplausibleReadingsWithTheFieldAndTheRule(Integer systolic, Integer diastolic, Integer heartRate,
                                                               Integer spo2, String field, String rule) {
        assertThat(plausibility.check(reading(systolic, diastolic, heartRate, spo2)))
                .containsExactly(new RuleBreach(field, rule));
    }

    @Test
    void shouldListEveryBrokenRuleNotJustTheFirst() {
        Reading bad = new Reading(" ", 300, 150, 400, 120, null);

        assertThat(plausibility.check(bad)).extracting(RuleBreach::field)
                .containsExactly("readingId", "systolic", "diastolic", "heartRate", "spo2", "measuredAt");
    }

    @Test
    void shouldRefuseAReadingFromMoreThanTwoMinutesInTheFuture() {
        Reading atLimit = new Reading("r-1", 120, 80, null, null, NOW.plusSeconds(120));
        Reading beyond = new Reading("r-2", 120, 80, null, null, NOW.plusSeconds(121));

        assertThat(plausibility.check(atLimit)).isEmpty();
        assertThat(plausibility.check(beyond)).containsExactly(new RuleBreach("measuredAt", "may be at most 120 s in the future"));
    }

    @Test
    void shouldRefuseAnOverlongReadingId() {
        Reading longId = new Reading("x".repeat(101), 120, 80, null, null, NOW);

        assertThat(plausibility.check(longId)).containsExactly(new RuleBreach("readingId", "must be at most 100 characters"));
    }
}
