package care.ketamine.session.device;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceTokenExpiryTest {

    private static final Instant PAIRED = Instant.parse("2026-11-26T08:00:00Z");

    @ParameterizedTest(name = "scheduled end {0} min after pairing, now {1} min after it -> expires {2} min after it")
    @CsvSource(delimiter = '|', textBlock = """
            150 | 0   | 270
            450 | 0   | 570
            450 | 300 | 570
            450 | 570 | 690
            450 | 900 | 1020
            """)
    void shouldLastAMarginPastTheScheduledEndOrPastNowWhenTheSessionRunsLate(long endMinutes, long nowMinutes, long expiresMinutes) {
        assertThat(DeviceTokenExpiry.of(PAIRED.plus(Duration.ofMinutes(endMinutes)), PAIRED.plus(Duration.ofMinutes(nowMinutes)),
                Duration.ofHours(2))).isEqualTo(PAIRED.plus(Duration.ofMinutes(expiresMinutes)));
    }

    @ParameterizedTest
    @CsvSource({"0", "-60"})
    void shouldRefuseAMarginThatIsNotPositive(long seconds) {
        assertThatThrownBy(() -> DeviceTokenExpiry.of(PAIRED, PAIRED, Duration.ofSeconds(seconds)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
