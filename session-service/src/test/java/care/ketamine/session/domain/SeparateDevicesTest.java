package care.ketamine.session.domain;

import care.ketamine.contracts.vitals.DeviceKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dose and discharge with a BP cuff and a pulse oximeter sending separately: each measure is judged
 * from the newest reading that carries it, and with both devices paired each must be fresh.
 */
class SeparateDevicesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T15:00:00Z");
    private static final Instant DOSE_AT = T0.plus(Duration.ofMinutes(10));
    private static final GateLimits GATE = new GateLimits(160, 90, 100);
    private static final Set<String> CUFF_AND_OXIMETER = Set.of(DeviceKinds.BP_CUFF, DeviceKinds.PULSE_OXIMETER);
    private static final SitterLook PRESENT = new SitterLook(5, true, DOSE_AT.minusSeconds(60));

    private static GateReading cuff(int systolic, int diastolic, Integer pulse, Instant at) {
        return new GateReading(systolic, diastolic, pulse, null, at, DeviceKinds.BP_CUFF);
    }

    private static GateReading oximeter(int spo2, Integer pulse, Instant at) {
        return new GateReading(null, null, pulse, spo2, at, DeviceKinds.PULSE_OXIMETER);
    }

    private static Instant minutesBeforeDose(double minutes) {
        return DOSE_AT.minusMillis((long) (minutes * 60_000));
    }

    private static DoseChecks checks(GateReading bp, GateReading spo2, Set<String> paired) {
        return new DoseChecks(new LatestVitals(bp, spo2, paired), List.of(), PRESENT, 94);
    }

    private static DosingSession afterGate() {
        return new DosingSession(ProtocolTimes.STANDARD, SessionState.PRE_DOSE_CHECK, "Sam Rivera", GATE, null, T0, null, null)
                .addressConfirmedAt(T0);
    }

    static Stream<Arguments> refusedDoses() {
        return Stream.of(
                Arguments.of("cuff fresh, oximeter 16 minutes old",
                        checks(cuff(128, 82, 72, minutesBeforeDose(2)), oximeter(97, 70, minutesBeforeDose(16)), CUFF_AND_OXIMETER),
                        "no SpO2 measured in the last 15 minutes by the pulse oximeter"),
                Arguments.of("cuff fresh, oximeter paired but never sent",
                        checks(cuff(128, 82, 72, minutesBeforeDose(2)), null, CUFF_AND_OXIMETER),
                        "no SpO2 measured in the last 15 minutes by the pulse oximeter"),
                Arguments.of("oximeter fresh, cuff 16 minutes old",
                        checks(cuff(128, 82, 72, minutesBeforeDose(16)), oximeter(97, 70, minutesBeforeDose(0.1)), CUFF_AND_OXIMETER),
                        "no blood pressure measured in the last 15 minutes by the BP cuff"),
                Arguments.of("oximeter only, no blood pressure ever",
                        checks(null, oximeter(97, 70, minutesBeforeDose(0.1)), Set.of(DeviceKinds.PULSE_OXIMETER)),
                        "no blood pressure measured in the last 15 minutes"),
                Arguments.of("the cuff's crisis is not hidden by a later oximeter reading",
                        checks(cuff(186, 121, 88, minutesBeforeDose(3)), oximeter(98, 72, minutesBeforeDose(0.01)), CUFF_AND_OXIMETER),
                        "BP 186/121"),
                Arguments.of("the oximeter's low SpO2 is not hidden by a later cuff reading",
                        checks(cuff(128, 82, 72, minutesBeforeDose(0.01)), oximeter(92, 70, minutesBeforeDose(1)), CUFF_AND_OXIMETER),
                        "SpO2 92 %"),
                Arguments.of("the oximeter's pulse above the gate, the cuff's within it",
                        checks(cuff(128, 82, 80, minutesBeforeDose(4)), oximeter(97, 112, minutesBeforeDose(0.01)), CUFF_AND_OXIMETER),
                        "heart rate 112"),
                Arguments.of("no pulse from either device",
                        checks(cuff(128, 82, null, minutesBeforeDose(4)), oximeter(97, null, minutesBeforeDose(0.01)), CUFF_AND_OXIMETER),
                        "no heart rate measured"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDoses")
    void shouldRefuseTheDoseNamingTheDevice(String cause, DoseChecks checks, String named) {
        DosingSession s = afterGate();

        assertThatThrownBy(() -> s.authorizeDose(checks, "dr", DOSE_AT)).isInstanceOf(IllegalTransition.class)
                .satisfies(e -> assertThat(((IllegalTransition) e).reasons()).anyMatch(r -> r.contains(named)));
        assertThat(s.state()).isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(s.authorizedAt()).isNull();
    }

    @Test
    void shouldAuthorizeOnAFreshCuffAndAFreshOximeterAndSayOnWhatFromWhichDevice() {
        DosingSession s = afterGate();
        // Exactly 15 minutes old still counts, as for a combined monitor.
        Transition t = s.authorizeDose(checks(cuff(128, 82, 72, minutesBeforeDose(15)), oximeter(97, 70, minutesBeforeDose(0.02)),
                CUFF_AND_OXIMETER), "dr", DOSE_AT);

        assertThat(t.to()).isEqualTo(SessionState.DOSE_AUTHORIZED);
        assertThat(t.reason()).contains("BP 128/82").contains("the BP cuff").contains("SpO2 97 %").contains("the pulse oximeter");
    }

    @Test
    void shouldJudgeAStaleSpo2OnlyWhenAnOximeterIsPaired() {
        // A cuff alone measures no SpO2: nothing to be fresh; a monitor's old SpO2 is not judged either.
        assertThat(checks(cuff(128, 82, 72, minutesBeforeDose(1)), null, Set.of(DeviceKinds.BP_CUFF))
                .refusals(GATE, Duration.ofMinutes(15), DOSE_AT)).isEmpty();
        assertThat(checks(cuff(128, 82, 72, minutesBeforeDose(1)), oximeter(80, 70, minutesBeforeDose(20)),
                Set.of(DeviceKinds.BP_CUFF)).refusals(GATE, Duration.ofMinutes(15), DOSE_AT)).isEmpty();
    }

    @Test
    void shouldNameEveryDeviceThatIsStale() {
        List<String> refusals = checks(cuff(128, 82, 72, minutesBeforeDose(20)), oximeter(97, 70, minutesBeforeDose(20)),
                CUFF_AND_OXIMETER).refusals(GATE, Duration.ofMinutes(15), DOSE_AT);

        assertThat(refusals).anyMatch(r -> r.contains("by the BP cuff")).anyMatch(r -> r.contains("by the pulse oximeter"));
    }

    @Test
    void shouldRefuseToBuildVitalsWhoseBloodPressureReadingHasNone() {
        assertThatThrownBy(() -> new LatestVitals(oximeter(97, 70, T0), null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatestVitals(null, cuff(120, 80, 70, T0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotPassTheGateOnAReadingWithoutBloodPressure() {
        DosingSession s = new DosingSession(ProtocolTimes.STANDARD, SessionState.CHECKED_IN, "Sam Rivera", GATE, null, null);

        Transition t = s.runGate(oximeter(98, 70, T0), "dr", T0);

        assertThat(t.to()).isEqualTo(SessionState.HELD);
        assertThat(t.reason()).contains("no blood pressure measured");
        assertThat(s.preDoseReading()).isNull();
    }

    @Test
    void shouldTakeThePreDoseReadingFromTheCuff() {
        DosingSession s = new DosingSession(ProtocolTimes.STANDARD, SessionState.CHECKED_IN, "Sam Rivera", GATE, null, null);
        GateReading cuff = cuff(132, 84, 76, T0.minusSeconds(120));

        assertThat(s.runGate(cuff, "dr", T0).to()).isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(s.preDoseReading()).isEqualTo(cuff);
    }

    // --- Discharge --------------------------------------------------------------------------------

    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");
    private static final Instant NOW = DOSED.plus(Duration.ofMinutes(130));
    private static final GateReading PRE_DOSE = new GateReading(130, 80, 70, null);

    private static Instant minutesAgo(double minutes) {
        return NOW.minusMillis((long) (minutes * 60_000));
    }

    private static DischargeProposal.Criterion vitals(List<GateReading> readings, Set<String> paired) {
        return new DischargeFacts(PRE_DOSE, readings, new SitterLook(5, true, NOW.minusSeconds(60)),
                new PatientLook(true, NOW.minusSeconds(60)), List.of(), DOSED, 94, paired).propose(ProtocolTimes.STANDARD, NOW)
                .criteria().stream().filter(c -> c.name().equals(DischargeProposal.VITALS)).findFirst().orElseThrow();
    }

    static Stream<Arguments> discharges() {
        return Stream.of(
                Arguments.of("cuff and oximeter near the pre-dose reading",
                        List.of(cuff(134, 82, 72, minutesAgo(10)), oximeter(97, 71, minutesAgo(1)), oximeter(96, 73, minutesAgo(0.5))),
                        CUFF_AND_OXIMETER, true, "3 readings"),
                Arguments.of("oximeter readings alone cannot show the blood pressure settled",
                        List.of(oximeter(97, 71, minutesAgo(1)), oximeter(96, 73, minutesAgo(0.5))),
                        CUFF_AND_OXIMETER, false, "no blood pressure in the last 15 minutes"),
                Arguments.of("with an oximeter paired, the cuff alone is not enough",
                        List.of(cuff(134, 82, 72, minutesAgo(10))), CUFF_AND_OXIMETER, false,
                        "no SpO2 from the pulse oximeter in the last 15 minutes"),
                Arguments.of("a cuff alone needs no SpO2",
                        List.of(cuff(134, 82, 72, minutesAgo(10))), Set.of(DeviceKinds.BP_CUFF), true, "1 readings"),
                Arguments.of("an oximeter's low SpO2 is not near",
                        List.of(cuff(134, 82, 72, minutesAgo(10)), oximeter(91, 71, minutesAgo(1))), CUFF_AND_OXIMETER, false,
                        "(the pulse oximeter) SpO2 91 % is below 94 %"),
                Arguments.of("the cuff's high BP is not near, whatever the oximeter says after it",
                        List.of(cuff(162, 82, 72, minutesAgo(10)), oximeter(98, 71, minutesAgo(0.1))), CUFF_AND_OXIMETER, false,
                        "(the BP cuff) systolic 162 is more than 20 from 130"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("discharges")
    void shouldJudgeDischargeVitalsOnWhatEachDeviceMeasured(String cause, List<GateReading> readings, Set<String> paired,
                                                           boolean met, String figures) {
        DischargeProposal.Criterion c = vitals(readings, paired);

        assertThat(c.met()).isEqualTo(met);
        assertThat(c.figures()).contains(figures);
    }

    @Test
    void shouldCountRatherThanNameAMinuteOfOximeterReadingsThatAreNotNear() {
        List<GateReading> readings = new java.util.ArrayList<>(List.of(cuff(134, 82, 72, minutesAgo(10))));
        for (int second = 60; second > 0; second--) {
            readings.add(oximeter(91, 71, NOW.minusSeconds(second)));
        }

        DischargeProposal.Criterion c = vitals(readings, CUFF_AND_OXIMETER);

        assertThat(c.met()).isFalse();
        assertThat(c.figures()).contains("and " + (60 - DischargeFacts.NAMED_AT_MOST) + " more readings")
                .contains("SpO2 91");
    }
}
