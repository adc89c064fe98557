package care.ketamine.platform.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The service clock on a monotonic clock the test moves, kept with a reference the test gives. */
class ServiceTimeTest {

    private static final Instant START = Instant.parse("2026-11-29T20:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMillis(250);

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final ServiceTime time = new ServiceTime(START, nanos::get);

    private void pass(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void shouldRunOnTheMonotonicClockFromItsStart() {
        assertThat(time.instant()).isEqualTo(START);
        pass(Duration.ofMinutes(3).plusNanos(7));
        assertThat(time.instant()).isEqualTo(START.plus(Duration.ofMinutes(3)).plusNanos(7));
    }

    @ParameterizedTest(name = "{0} ms off, {1} ms uncertain: set {2}")
    @CsvSource({
            // off by, uncertainty, set to the reference
            "0,        0,   false",
            "200,      0,   false", // within the tolerance
            "-250,     0,   false", // at it
            "251,      0,   true",
            "-251,     0,   true",
            "120000,   0,   true",  // a host clock two minutes ahead when the service started
            "-120000,  0,   true",
            "600,      700, false", // the reference is no better than the difference
            "800,      700, true",
    })
    void shouldBeSetToTheReferenceOnlyWhenOffByMoreThanTheToleranceAndTheReferencesUncertainty(long offMillis,
                                                                                                long uncertainMillis,
                                                                                                boolean set) {
        pass(Duration.ofSeconds(10));
        Instant reference = START.plusSeconds(10).minusMillis(offMillis);

        ServiceTime.Comparison compared = time.keepWith(reference, Duration.ofMillis(uncertainMillis), TOLERANCE);

        assertThat(compared.ahead()).isEqualTo(Duration.ofMillis(offMillis));
        assertThat(compared.set()).isEqualTo(set);
        pass(Duration.ofSeconds(5));
        assertThat(time.instant()).isEqualTo((set ? reference : START.plusSeconds(10)).plusSeconds(5));
    }

    @Test
    void shouldKeepRunningFromTheReferenceOnceSet() {
        pass(Duration.ofSeconds(30));
        Instant database = START.plusSeconds(30).minusSeconds(120);
        time.keepWith(database, Duration.ZERO, TOLERANCE);

        pass(Duration.ofMinutes(2));
        assertThat(time.instant()).isEqualTo(database.plus(Duration.ofMinutes(2)));
        assertThat(time.keepWith(database.plus(Duration.ofMinutes(2)), Duration.ZERO, TOLERANCE))
                .isEqualTo(new ServiceTime.Comparison(Duration.ZERO, false));
    }

    @Test
    void shouldNotCountAPauseAfterTheReferenceWasReadAsADifference() {
        pass(Duration.ofSeconds(10));
        long answered = nanos.get();
        Instant database = START.plusSeconds(10);
        pass(Duration.ofSeconds(2)); // the checking thread paused before it compared

        ServiceTime.Comparison compared = time.keepWith(database, answered, Duration.ZERO, TOLERANCE);

        assertThat(compared).isEqualTo(new ServiceTime.Comparison(Duration.ZERO, false));
        assertThat(time.instant()).isEqualTo(START.plusSeconds(12));
    }

    @Test
    void shouldTellItsTimeInAnotherZoneAndKeepRunning() {
        java.time.Clock inParis = time.withZone(java.time.ZoneId.of("Europe/Paris"));
        pass(Duration.ofSeconds(3));
        assertThat(inParis.instant()).isEqualTo(START.plusSeconds(3));
        assertThat(inParis.getZone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
    }
}
