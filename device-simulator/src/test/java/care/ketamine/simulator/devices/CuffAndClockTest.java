package care.ketamine.simulator.devices;

import care.ketamine.simulator.physiology.Anomaly;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CuffAndClockTest {

    @ParameterizedTest(name = "{0} min after the dose, last measured {1} min ago: due {2}")
    @CsvSource({
            // minutes since the dose (empty: before it), minutes since the last measurement, due
            ", 4, false", ", 5, true",
            "30, 4, false", "30, 5, true", "59, 5, true",
            "60, 5, false", "75, 14, false", "75, 15, true"})
    void shouldMeasureEveryFiveMinutesUntilAnHourAfterTheDoseThenEveryFifteen(Integer sinceDoseMinutes, int sinceLast, boolean due) {
        Cuff cuff = new Cuff();
        Duration now = Duration.ofMinutes(200);
        cuff.measured(now.minusMinutes(sinceLast));

        assertThat(cuff.due(now, sinceDoseMinutes == null ? null : Duration.ofMinutes(sinceDoseMinutes))).isEqualTo(due);
    }

    @Test
    void shouldMeasureAtOnceTheFirstTime() {
        assertThat(new Cuff().due(Duration.ZERO, null)).isTrue();
    }

    @Test
    void shouldRunSlowBeforeThePeakAndFastAfterItOnlyWhenDrifting() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        DeviceClock drifting = new DeviceClock(EnumSet.of(Anomaly.CLOCK_DRIFT));
        DeviceClock good = new DeviceClock(Set.of());

        assertThat(drifting.at(now, null)).isEqualTo(now.minus(DeviceClock.DRIFT));
        assertThat(drifting.at(now, Duration.ofMinutes(39))).isEqualTo(now.minus(DeviceClock.DRIFT));
        assertThat(drifting.at(now, Duration.ofMinutes(40))).isEqualTo(now.plus(DeviceClock.DRIFT));
        assertThat(good.at(now, Duration.ofMinutes(40))).isEqualTo(now);
    }
}
