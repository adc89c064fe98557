package care.ketamine.alerting.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UrgentReviewRulesTest {

    private static final Instant DUE = Instant.parse("2026-11-27T21:00:00Z");

    @ParameterizedTest(name = "{0}, {1} after the deadline, taken {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "ACUTE   | -PT1M  | false | none",
            "ACUTE   | PT0S   | false | CRITICAL",
            "ACUTE   | PT1M   | false | CRITICAL",
            "PROMPT  | PT1M   | false | WARNING",
            "PROMPT  | -PT23H | false | none",
            "ACUTE   | PT5H   | true  | none",
            "PROMPT  | PT5H   | true  | none",
            "UNKNOWN | PT1M   | false | CRITICAL"})
    void shouldRaiseOnlyWhenTheDeadlinePassedUntaken(String urgency, Duration sinceDeadline, boolean taken, Severity expected) {
        Instant now = DUE.plus(sinceDeadline);

        Optional<AlertCondition> condition = UrgentReviewRules.overdue("t-1", urgency, DUE, taken ? DUE.minusSeconds(60) : null, now);

        assertThat(condition.map(AlertCondition::severity)).isEqualTo(Optional.ofNullable(expected));
        condition.ifPresent(c -> {
            assertThat(c.rule()).isEqualTo("urgent-review-overdue");
            assertThat(c.sessionId()).isEqualTo("urgent-review-t-1");
            assertThat(c.observedAt()).as("the condition began at the deadline").isEqualTo(DUE);
        });
    }
}
