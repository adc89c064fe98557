package care.ketamine.alerting.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sitter-away} on a clock the table sets: the sitter's changes as the app sends them, in the order they
 * arrive ("out@m:ss" stepped out, "back@m:ss" came back, each at that time after the dose), judged at "now".
 */
class SitterAwayRulesTest {

    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");

    private static Instant at(String minutesAndSeconds) {
        boolean before = minutesAndSeconds.startsWith("-");
        String[] parts = minutesAndSeconds.replace("-", "").split(":");
        Duration offset = Duration.ofMinutes(Long.parseLong(parts[0])).plusSeconds(Long.parseLong(parts[1]));
        return before ? DOSED.minus(offset) : DOSED.plus(offset);
    }

    /**
     * What alerting keeps of the changes, in whatever order they arrived: the one that happened last, the first of
     * those at the same instant (CheckInEvaluation's upsert; SitterAwayTest checks it against the database).
     */
    private static SitterPresence kept(String changes) {
        return java.util.Arrays.stream(changes.trim().split("\\s+")).map(change -> change.split("@"))
                .map(parts -> new SitterPresence(parts[0].equals("back"), at(parts[1])))
                .reduce(java.util.function.BinaryOperator.maxBy(java.util.Comparator.comparing(SitterPresence::at)))
                .orElseThrow();
    }

    private static String judged(String state, String changes, String now) {
        SessionWatch session = new SessionWatch("s-1", "p-1", "dr-1", state, DOSED, Thresholds.defaults(), 124, 80);
        Optional<AlertCondition> away = TimedChecks.sitterAway(session, kept(changes), at(now), TimedChecks.SITTER_AWAY_AFTER);
        return away.map(c -> c.rule() + ":" + c.severity() + " " + c.summary()).orElse("-");
    }

    @ParameterizedTest(name = "{0}: {1}, now {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            MONITORING   | out@10:00                     | 14:59 | -
            MONITORING   | out@10:00                     | 15:00 | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            MONITORING   | out@10:00                     | 17:30 | sitter-away:WARNING The sitter stepped out 7 min 30 s ago and has not come back
            MONITORING   | out@10:00 back@14:00          | 15:00 | -
            MONITORING   | out@10:00 back@14:00          | 30:00 | -
            MONITORING   | out@10:00 back@16:00          | 16:00 | -
            MONITORING   | out@10:00 back@16:00          | 20:00 | -
            MONITORING   | out@10:00 back@12:00 out@13:00 | 17:59 | -
            MONITORING   | out@10:00 back@12:00 out@13:00 | 18:00 | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            MONITORING   | back@12:00 out@10:00          | 20:00 | -
            MONITORING   | out@13:00 back@12:00          | 18:00 | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            MONITORING   | out@13:00 out@10:00           | 17:59 | -
            MONITORING   | back@10:00 out@10:00          | 20:00 | -
            MONITORING   | out@-10:00                    | 4:59  | -
            MONITORING   | out@-10:00                    | 5:00  | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            DOSED        | out@10:00                     | 15:00 | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            ENDED_EARLY  | out@10:00                     | 15:00 | sitter-away:WARNING The sitter stepped out 5 min ago and has not come back
            CHECKED_IN   | out@10:00                     | 15:00 | -
            COMPLETED    | out@10:00                     | 15:00 | -
            HANDED_OVER  | out@10:00                     | 15:00 | -
            """)
    void shouldWarnWhenTheSitterStaysOutFiveMinutesWhileThePatientIsMonitored(String state, String changes, String now,
                                                                             String expected) {
        assertThat(judged(state, changes, now)).isEqualTo(expected);
    }
}
