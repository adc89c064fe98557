package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationSettingsTest {

    private static SimulationSettings parse(String... args) {
        return SimulationSettings.parse(List.of(args));
    }

    @Test
    void shouldDefaultToThreeSessionsOnTheLocalStackWithTheStacksCompression() {
        SimulationSettings s = parse();

        assertThat(s.sessions()).isEqualTo(3);
        assertThat(s.compression()).isNull();
        assertThat(s.stack().vitals()).isEqualTo("http://127.0.0.1:8083");
        assertThat(s.acknowledgeAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.anomalies()).isEmpty();
    }

    @Test
    void shouldReadTheStacksCompressionFromSessionServicesManagementInterface() {
        assertThat(parse().stack().sessionsManagement()).isEqualTo("http://127.0.0.1:9082");
        assertThat(parse("--session-management", "http://10.0.0.5:9182").stack().sessionsManagement())
                .isEqualTo("http://10.0.0.5:9182");
    }

    @Test
    void shouldGiveEachSessionAfterTheFirstTheNextAnomalyWhenMixed() {
        SimulationSettings s = parse("--sessions", "12", "--mixed");

        assertThat(s.anomaliesOf(1)).isEmpty();
        assertThat(s.anomaliesOf(2)).containsExactly(Anomaly.BP_SPIKE);
        assertThat(s.anomaliesOf(6)).containsExactly(Anomaly.SITTER_LEAVES);
        assertThat(s.anomaliesOf(9)).containsExactly(Anomaly.HELP_REQUESTED);
        assertThat(s.anomaliesOf(11)).containsExactly(Anomaly.CLOCK_DRIFT);
        assertThat(s.anomaliesOf(12)).containsExactly(Anomaly.BP_SPIKE);
    }

    @Test
    void shouldTakeAnomaliesPerSession() {
        SimulationSettings s = parse("--sessions", "2", "--anomaly", "2:bp-spike,device-silence", "--anomaly", "1:spo2-dip");

        assertThat(s.anomaliesOf(2)).isEqualTo(Set.of(Anomaly.BP_SPIKE, Anomaly.DEVICE_SILENCE));
        assertThat(s.anomaliesOf(1)).isEqualTo(Set.of(Anomaly.SPO2_DIP));
    }

    @Test
    void shouldNeverPostFasterThanEvery500MillisecondsOfWallClock() {
        assertThat(parse("--compression", "60").realReadingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("--compression", "1").realReadingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("--compression", "2", "--reading-every", "60").realReadingInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRunFiftySessionsOfTheAlarmReportsScenariosInTurn() {
        SimulationSettings s = parse("--alarm-report");

        assertThat(s.alarmReport()).isTrue();
        assertThat(s.sessions()).isEqualTo(50);
        assertThat(s.anomaliesOf(1)).isEmpty();
        assertThat(s.anomaliesOf(2)).containsExactly(Anomaly.MOTION_ARTEFACTS);
        assertThat(s.anomaliesOf(11)).isEmpty();
        assertThat(parse("--alarm-report", "--sessions", "10").sessions()).isEqualTo(10);
        assertThatThrownBy(() -> parse("--alarm-report", "--mixed")).hasMessageContaining("leave out --mixed and --anomaly");
        assertThat(parse().alarmReport()).isFalse();
    }

    @Test
    void shouldSampleTheOximeterOnceAClinicalSecondUnlessThatWouldFloodTheStack() {
        assertThat(parse("--compression", "1").oximeterSampleEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--compression", "15").oximeterSampleEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--compression", "30").oximeterSampleEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("--compression", "60").oximeterSampleEvery()).as("below alerting's 5 s run gap")
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldRefuseBadOptionsWithAClearMessage() {
        assertThatThrownBy(() -> parse("--sessions", "0")).hasMessageContaining("--sessions must be between 1 and 2000");
        assertThatThrownBy(() -> parse("--sessions", "many")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("--compression", "601")).hasMessageContaining("between 1 and 600");
        assertThatThrownBy(() -> parse("--anomaly", "bp-spike")).hasMessageContaining("SESSION:KIND");
        assertThatThrownBy(() -> parse("--anomaly", "1:fever")).hasMessageContaining("unknown anomaly");
        assertThatThrownBy(() -> parse("--sessions", "2", "--anomaly", "3:bp-spike")).hasMessageContaining("only 2 run");
        assertThatThrownBy(() -> parse("--sessions")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThat(parse("--acknowledge-after", "never").acknowledgeAfter()).isNull();
    }
}
