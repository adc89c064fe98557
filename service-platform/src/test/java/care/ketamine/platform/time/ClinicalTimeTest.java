package care.ketamine.platform.time;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClinicalTimeTest {

    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shouldLeaveTimeAloneInRealTime() {
        ClinicalTime real = new ClinicalTime(1, new SimpleMeterRegistry());

        assertThat(real.clinical(now)).isEqualTo(now);
        assertThat(real.real(now)).isEqualTo(now);
        assertThat(real.scaled(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldStretchRealIntervalsIntoClinicalOnesWhenCompressed() {
        ClinicalTime demo = new ClinicalTime(60, new SimpleMeterRegistry());

        assertThat(Duration.between(demo.clinical(now), demo.clinical(now.plusMillis(250)))).isEqualTo(Duration.ofSeconds(15));
        assertThat(demo.real(demo.clinical(now))).isEqualTo(now);
        assertThat(demo.clinical(null)).isNull();
        assertThat(demo.scaled(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldRefuseACompressionOutsideItsBounds() {
        assertThatThrownBy(() -> new ClinicalTime(0, new SimpleMeterRegistry())).hasMessageContaining("between 1 and 600");
        assertThatThrownBy(() -> new ClinicalTime(601, new SimpleMeterRegistry())).hasMessageContaining("between 1 and 600");
    }
}
