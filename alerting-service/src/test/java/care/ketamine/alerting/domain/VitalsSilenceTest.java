package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When readings as a whole are silent, rather than one patient's device. */
class VitalsSilenceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T14:00:00Z");
    private static final Duration OXIMETER = Duration.ofSeconds(5);
    private static final Duration CUFF = Duration.ofMinutes(5);

    /** A session whose newest reading came this many seconds ago (null: none yet), expected every so often. */
    private static VitalsSilence.Monitored quiet(Integer secondsAgo, Duration every) {
        return new VitalsSilence.Monitored("s-" + secondsAgo + "-" + every.toSeconds(),
                secondsAgo == null ? null : NOW.minusSeconds(secondsAgo), every);
    }

    private static Optional<Long> silentFor(VitalsSilence.Monitored... sessions) {
        return VitalsSilence.judge(List.of(sessions), NOW).map(s -> s.quietFor(NOW).toSeconds());
    }

    @Test
    void shouldFindReadingsSilentOnlyWhenEveryFrequentSessionHasStopped() {
        // sessions (seconds since their newest reading, cadence) -> silent since (seconds), or not
        assertThat(silentFor(quiet(11, OXIMETER), quiet(6, OXIMETER))).as("all stopped, one due for device silence").contains(6L);
        assertThat(silentFor(quiet(30, OXIMETER), quiet(25, OXIMETER), quiet(20, OXIMETER))).contains(20L);
        assertThat(silentFor(quiet(11, OXIMETER), quiet(2, OXIMETER))).as("one patient's device, not the pipeline").isEmpty();
        assertThat(silentFor(quiet(9, OXIMETER), quiet(8, OXIMETER))).as("no device-silent alert due yet").isEmpty();
        assertThat(silentFor(quiet(11, OXIMETER), quiet(4, OXIMETER))).as("one has missed nothing yet").isEmpty();
        assertThat(silentFor(quiet(60, OXIMETER))).as("a single session is a device's silence").isEmpty();
        assertThat(silentFor(quiet(60, OXIMETER), quiet(null, OXIMETER))).as("one has never sent").isEmpty();
        assertThat(silentFor(quiet(60, OXIMETER), quiet(40, CUFF))).as("a cuff is quiet for minutes").isEmpty();
        assertThat(silentFor(quiet(60, OXIMETER), quiet(55, OXIMETER), quiet(40, CUFF)))
                .as("cuff-only sessions neither make nor break it").contains(55L);
        assertThat(silentFor(quiet(12, Duration.ofSeconds(10)), quiet(20, Duration.ofSeconds(10))))
                .as("10 s cadences count").contains(12L);
        assertThat(silentFor(quiet(600, Duration.ofSeconds(11)), quiet(600, Duration.ofSeconds(11))))
                .as("slower devices are left to their own silence").isEmpty();
        assertThat(silentFor(quiet(1800, OXIMETER), quiet(11, OXIMETER)))
                .as("one quiet for half an hour and one just stopped: a patient's device, not the pipeline").isEmpty();
        assertThat(silentFor(quiet(1800, OXIMETER), quiet(12, OXIMETER), quiet(11, OXIMETER)))
                .as("the two that stopped together; the long-quiet one left out").contains(11L);
        assertThat(VitalsSilence.judge(List.of(quiet(1800, OXIMETER), quiet(12, OXIMETER), quiet(11, OXIMETER)), NOW)
                .orElseThrow().sessions()).isEqualTo(2);
    }
}
