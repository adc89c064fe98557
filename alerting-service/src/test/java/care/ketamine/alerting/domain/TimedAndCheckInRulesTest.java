package care.ketamine.alerting.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimedAndCheckInRulesTest {

    private static final Instant DUE = Instant.parse("2026-11-26T15:15:00Z");
    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");

    private static String severity(Optional<AlertCondition> condition) {
        return condition.map(c -> c.severity().name()).orElse("-");
    }

    @ParameterizedTest(name = "a prompt unanswered {0} s after it was due -> {1}")
    @CsvSource({"0, -", "299, -", "300, WARNING", "599, WARNING", "600, CRITICAL", "3600, CRITICAL"})
    void shouldWarnAtFiveMinutesAndGoCriticalAtTen(long seconds, String expected) {
        Optional<AlertCondition> missed = TimedChecks.missedCheckIn("s-1", "patient", 1, DUE, DUE.plusSeconds(seconds));
        assertThat(severity(missed)).isEqualTo(expected);
        missed.ifPresent(c -> assertThat(c.rule()).isEqualTo("check-in-missed-patient"));
    }

    @ParameterizedTest(name = "compressed 30x: a prompt unanswered {0} s after it was due -> {1}")
    @CsvSource({"9, -", "10, WARNING", "19, WARNING", "20, CRITICAL"})
    void shouldKeepTheSameProportionsWhenClinicalTimeIsCompressed(long seconds, String expected) {
        Optional<AlertCondition> missed = TimedChecks.missedCheckIn("s-1", "sitter", 2, DUE, DUE.plusSeconds(seconds),
                Duration.ofSeconds(10));
        assertThat(severity(missed)).isEqualTo(expected);
        missed.ifPresent(c -> assertThat(c.summary()).endsWith("for " + seconds + " s"));
    }

    @ParameterizedTest(name = "{0}, last reading {1} s after the dose, now {2} s after it -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            MONITORING | 0   | 119 | -
            MONITORING | 0   | 120 | WARNING
            MONITORING | 0   | 179 | WARNING
            MONITORING | 0   | 180 | CRITICAL
            MONITORING | 600 | 700 | -
            MONITORING | 600 | 721 | WARNING
            MONITORING | 600 | 781 | CRITICAL
            DOSED      |     | 130 | WARNING
            DOSED      |     | 100 | -
            CHECKED_IN | 0   | 900 | -
            RECOVERED  | 0   | 900 | -
            ENDED_EARLY | 0  | 120 | WARNING
            ENDED_EARLY | 0  | 180 | CRITICAL
            HANDED_OVER | 0  | 900 | -
            COMPLETED  | 0   | 900 | -
            DOSE_AUTHORIZED | | 900 | -
            """)
    void shouldWarnAfterTwiceTheIntervalAndGoCriticalAfterThreeTimes(String state, Long lastReadingSeconds, long nowSeconds,
                                                                     String expected) {
        SessionWatch session = new SessionWatch("s-1", "p-1", "dr-1", state, DOSED, Thresholds.defaults(), 124, 80);
        Instant lastReading = lastReadingSeconds == null ? null : DOSED.plusSeconds(lastReadingSeconds);
        assertThat(severity(TimedChecks.deviceSilence(session, lastReading, Duration.ofSeconds(60), DOSED.plusSeconds(nowSeconds))))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "sitter: MOAA/S {0}, present {1} -> {2}")
    @CsvSource({"5, true, -", "4, true, -", "3, true, WARNING", "2, true, CRITICAL", "0, true, CRITICAL", "5, false, CRITICAL",
            "1, false, CRITICAL"})
    void shouldWarnOfModerateSedationAndTreatDeepSedationOrAnAbsentSitterAsCritical(int moaas, boolean present, String expected) {
        assertThat(severity(CheckInRules.sitter("s-1", moaas, present, DUE).condition())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "patient OK {0} -> {1}")
    @CsvSource({"true, -", "false, WARNING"})
    void shouldTellTheClinicianWhenThePatientIsNotOk(boolean ok, String expected) {
        assertThat(severity(CheckInRules.patient("s-1", ok, 6, 4, 7, false, DUE).get(0).condition())).isEqualTo(expected);
    }
}
