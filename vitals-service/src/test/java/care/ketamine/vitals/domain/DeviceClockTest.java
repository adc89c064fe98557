package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceClockTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-26T15:00:00Z");
    private final DeviceClock clock = new DeviceClock(Duration.ofMinutes(2));

    @ParameterizedTest(name = "device clock {0} s off the server's: measured {1} s before it sent, on the server {2}")
    @CsvSource({
            // device time = server time + offsetSeconds (positive: a fast device clock)
            "0,     -10,  2026-11-26T14:59:50Z",  // clocks agree
            "120,   -10,  2026-11-26T15:01:50Z",  // 2 min fast: at the bound, taken as sent
            "-120,  -10,  2026-11-26T14:57:50Z",  // 2 min slow: at the bound, taken as sent
            "121,   -10,  2026-11-26T14:59:50Z",  // fast past the bound: shifted back by 121 s
            "-121,  -10,  2026-11-26T14:59:50Z",  // slow past the bound: shifted forward by 121 s
            "3600,  -10,  2026-11-26T14:59:50Z",  // an hour fast
            "-86400, -300, 2026-11-26T14:55:00Z", // a day slow (clock not set): measured 5 min before sending
    })
    void shouldCorrectOnlyPastTheBound(long offsetSeconds, long measuredBeforeSendingSeconds, Instant expected) {
        Instant deviceNow = RECEIVED.plusSeconds(offsetSeconds);
        DeviceClock.Sample sample = new DeviceClock.Sample(deviceNow, RECEIVED);

        assertThat(clock.corrected(deviceNow.plusSeconds(measuredBeforeSendingSeconds), sample)).isEqualTo(expected);
        assertThat(sample.offset()).isEqualTo(Duration.ofSeconds(-offsetSeconds));
        assertThat(clock.corrects(sample)).isEqualTo(Math.abs(offsetSeconds) > 120);
    }

    @org.junit.jupiter.api.Test
    void shouldTakeTheTimeAsSentWithoutADeviceTime() {
        Instant measured = RECEIVED.minusSeconds(30);
        assertThat(clock.corrected(measured, null)).isEqualTo(measured);
        assertThat(clock.corrected(null, new DeviceClock.Sample(RECEIVED.plusSeconds(600), RECEIVED))).isNull();
    }
}
