package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepagePolicyTest {

    private static final Instant ACKNOWLEDGED = Instant.parse("2026-11-26T15:10:00Z");

    @ParameterizedTest(name = "{0} acknowledged -> paged again after {1} min")
    @CsvSource(nullValues = "null", value = {"CRITICAL, 15", "WARNING, 30", "INFO, null"})
    void shouldPageAgainAfterTheSeveritysLimit(Severity severity, Long minutes) {
        assertThat(RepagePolicy.defaults().repageDue(severity, ACKNOWLEDGED))
                .isEqualTo(Optional.ofNullable(minutes == null ? null : ACKNOWLEDGED.plus(Duration.ofMinutes(minutes))));
    }

    @Test
    void shouldEscalateFromStep1OneMoreLimitAfterTheRepageKeepingTheStepsSpacing() {
        Instant repaged = ACKNOWLEDGED.plus(Duration.ofMinutes(15));
        List<EscalationPolicy.Timer> critical = RepagePolicy.defaults()
                .escalationAfterRepage(EscalationPolicy.defaults(Severity.CRITICAL), repaged);
        assertThat(critical).containsExactly(
                new EscalationPolicy.Timer(1, repaged.plus(Duration.ofMinutes(15))),
                new EscalationPolicy.Timer(2, repaged.plus(Duration.ofMinutes(18))));
        assertThat(RepagePolicy.defaults().escalationAfterRepage(EscalationPolicy.defaults(Severity.WARNING), repaged))
                .containsExactly(new EscalationPolicy.Timer(1, repaged.plus(Duration.ofMinutes(30))));
        assertThat(RepagePolicy.defaults().escalationAfterRepage(EscalationPolicy.defaults(Severity.INFO), repaged)).isEmpty();
    }

    @Test
    void shouldSayWhyItPagesAgain() {
        assertThat(RepagePolicy.worsened(Severity.WARNING, Severity.CRITICAL, "dr-1"))
                .isEqualTo("Worse since it was acknowledged by dr-1: WARNING to CRITICAL; acknowledge it again");
        assertThat(RepagePolicy.unresolved("dr-1", ACKNOWLEDGED, ACKNOWLEDGED.plus(Duration.ofMinutes(15)).plusSeconds(20)))
                .isEqualTo("Acknowledged by dr-1 15 min ago and still not resolved");
    }

    @Test
    void shouldRefuseALimitOfZero() {
        assertThatThrownBy(() -> new RepagePolicy(Duration.ZERO, Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepagePolicy(Duration.ofMinutes(15), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
