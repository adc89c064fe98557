package care.ketamine.platform.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The host clock as a fault run steps it: by the seconds its step file says, and by nothing when it says nothing. */
class HostClockTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "\"{0}\" steps it {1} ms")
    @CsvSource(delimiter = '|', value = {
            "120      | 120000",
            "-120     | -120000",
            "2.5      | 2500",
            "' 30 '   | 30000",
            "''       | 0",
            "two mins | 0",
            "120s     | 0",
            "Infinity | 0",
            "1e12     | 0",
    })
    void shouldAddTheSecondsItsStepFileSays(String written, long millis) throws Exception {
        Path file = Files.writeString(folder.resolve("step"), written);
        HostClock host = new HostClock(Optional.of(file));

        assertThat(host.step()).isEqualTo(Duration.ofMillis(millis));
        assertThat(Duration.between(Instant.now(), host.instant()).toMillis()).isCloseTo(millis, within(1000L));
    }

    @Test
    void shouldBeTheWallClockWithoutAStepFileOrWhenItIsMissing() {
        assertThat(new HostClock(Optional.empty()).step()).isZero();
        assertThat(new HostClock(Optional.empty()).stepped()).isFalse();
        HostClock missing = new HostClock(Optional.of(folder.resolve("not-written-yet")));
        assertThat(missing.step()).isZero();
        assertThat(missing.stepped()).isTrue();
    }
}
