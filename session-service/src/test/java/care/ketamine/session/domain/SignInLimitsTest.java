package care.ketamine.session.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SignInLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    /** n failures, newest first, the newest minutesAgo before now and each a minute apart. */
    private static List<Instant> failures(int n, int minutesAgo, int minutesApart) {
        return IntStream.range(0, n).mapToObj(i -> NOW.minusSeconds(60L * (minutesAgo + (long) i * minutesApart))).toList();
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("4 user failures", failures(4, 0, 1), List.of(), null),
                Arguments.of("5 user failures just now", failures(5, 0, 1), List.of(), NOW.plusSeconds(15 * 60)),
                Arguments.of("5 user failures, newest 14 min ago", failures(5, 14, 0), List.of(), NOW.plusSeconds(60)),
                Arguments.of("5 user failures, newest 16 min ago", failures(5, 16, 0), List.of(), null),
                Arguments.of("5 user failures spread over an hour", failures(5, 0, 15), List.of(), null),
                Arguments.of("19 address failures", List.of(), failures(19, 0, 0), null),
                Arguments.of("20 address failures", List.of(), failures(20, 2, 0), NOW.plusSeconds(13 * 60)),
                Arguments.of("both: the later lockout", failures(5, 10, 0), failures(20, 2, 0), NOW.plusSeconds(13 * 60)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void shouldLockOutBurstsOfFailures(String name, List<Instant> user, List<Instant> address, Instant until) {
        assertThat(SignInLimits.lockedUntil(user, address, NOW)).isEqualTo(Optional.ofNullable(until));
    }
}
