package care.ketamine.simulator.physiology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.IntSummaryStatistics;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedPatientTest {

    private static final VitalSigns BASELINE = new VitalSigns(128, 82, 72, 97);

    private static Duration minutes(int m) {
        return Duration.ofMinutes(m);
    }

    @ParameterizedTest(name = "effect {0} min after the dose is between {1} and {2}")
    @CsvSource({"0, 0, 0", "10, 0.1, 0.2", "20, 0.5, 0.6", "40, 1, 1", "60, 0.7, 0.8", "90, 0.25, 0.3", "120, 0.05, 0.08",
            "180, 0, 0.01"})
    void shouldPeakAboutFortyMinutesAfterTheDoseAndBeNearBaselineByTwoHours(int minute, double low, double high) {
        assertThat(SimulatedPatient.effect(minutes(minute))).isBetween(low, high);
    }

    @Test
    void shouldHaveNoEffectBeforeTheDose() {
        assertThat(SimulatedPatient.effect(null)).isZero();
        assertThat(SimulatedPatient.effect(minutes(-5))).isZero();
    }

    /** Mean of many noisy readings at one time after the dose. */
    private static IntSummaryStatistics systolicAt(SimulatedPatient patient, int minute) {
        return IntStream.range(0, 400).map(i -> patient.measure(minutes(minute)).systolic()).summaryStatistics();
    }

    @Test
    void shouldRiseAndFallAroundTheBaselineWithoutCrossingTheDefaultWarningThresholds() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, Set.of(), 7);

        assertThat(systolicAt(patient, 40).getAverage()).isBetween(147.0, 153.0);
        assertThat(systolicAt(patient, 120).getAverage()).isBetween(127.0, 132.0);
        for (int minute = 0; minute <= 150; minute++) {
            VitalSigns v = patient.measure(minutes(minute));
            // warning 160/100, rise +40/+25 over the pre-dose, heart rate 50-120, SpO2 from 92
            assertThat(v.systolic()).isLessThan(160);
            assertThat(v.diastolic()).isLessThan(100);
            assertThat(v.heartRate()).isBetween(51, 119);
            assertThat(v.spo2()).isBetween(93, 100);
        }
    }

    @Test
    void shouldBeTheSameForTheSameSeed() {
        SimulatedPatient one = new SimulatedPatient(BASELINE, Set.of(), 42);
        SimulatedPatient two = new SimulatedPatient(BASELINE, Set.of(), 42);
        for (int minute = 0; minute < 100; minute += 7) {
            assertThat(one.measure(minutes(minute))).isEqualTo(two.measure(minutes(minute)));
        }
    }

    @Test
    void shouldReachACrisisOnlyInTheSpikeWindow() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.BP_SPIKE), 1);

        assertThat(patient.measure(minutes(34)).systolic()).isLessThan(160);
        VitalSigns spike = patient.measure(minutes(35));
        assertThat(spike.systolic()).isGreaterThan(180);
        assertThat(spike.diastolic()).isGreaterThan(120);
        assertThat(patient.measure(minutes(44)).systolic()).isGreaterThan(180);
        assertThat(patient.measure(minutes(45)).systolic()).isLessThan(160);
    }

    @Test
    void shouldDipSpo2BelowNinetyOnlyInItsWindow() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.SPO2_DIP), 1);

        assertThat(patient.measure(minutes(49)).spo2()).isGreaterThan(92);
        assertThat(patient.measure(minutes(50)).spo2()).isLessThan(90);
        assertThat(patient.measure(minutes(56)).spo2()).isGreaterThan(92);
    }

    @Test
    void shouldSilenceTheOximeterOnlyAndKeepBothDevicesReadingsOnlyInTheirWindows() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.DEVICE_SILENCE, Anomaly.OFFLINE_BACKLOG), 1);

        assertThat(patient.device(true, null)).isEqualTo(DeviceBehaviour.SEND);
        assertThat(patient.device(true, minutes(59))).isEqualTo(DeviceBehaviour.SEND);
        assertThat(patient.device(true, minutes(60))).isEqualTo(DeviceBehaviour.SILENT);
        assertThat(patient.device(false, minutes(60))).as("the cuff goes on").isEqualTo(DeviceBehaviour.SEND);
        assertThat(patient.device(true, minutes(79))).isEqualTo(DeviceBehaviour.SILENT);
        assertThat(patient.device(true, minutes(80))).isEqualTo(DeviceBehaviour.SEND);
        assertThat(patient.device(true, minutes(85))).isEqualTo(DeviceBehaviour.KEEP);
        assertThat(patient.device(false, minutes(104))).isEqualTo(DeviceBehaviour.KEEP);
        assertThat(patient.device(true, minutes(105))).isEqualTo(DeviceBehaviour.SEND);
        assertThat(new SimulatedPatient(BASELINE, Set.of(), 1).device(true, minutes(60))).isEqualTo(DeviceBehaviour.SEND);
    }

    @Test
    void shouldBreatheNormallyUnlessBradypnoeaIsSimulatedAndTheSitterLeavesOnlyInItsWindow() {
        SimulatedPatient calm = new SimulatedPatient(BASELINE, Set.of(), 3);
        SimulatedPatient slow = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.BRADYPNOEA, Anomaly.SITTER_LEAVES), 3);

        for (int minute = 0; minute <= 150; minute++) {
            assertThat(calm.measure(minutes(minute)).respiratoryRate()).isBetween(11, 17);
        }
        assertThat(slow.measure(minutes(59)).respiratoryRate()).isBetween(11, 17);
        assertThat(slow.measure(minutes(60)).respiratoryRate()).isBetween(6, 7);
        assertThat(slow.measure(minutes(69)).respiratoryRate()).isBetween(6, 7);
        assertThat(slow.sitterPresent(minutes(54))).isTrue();
        assertThat(slow.sitterPresent(minutes(55))).isFalse();
        assertThat(slow.sitterPresent(minutes(75))).isTrue();
        assertThat(calm.sitterPresent(minutes(60))).isTrue();
    }

    @Test
    void shouldMissOnlyThePatientPromptsDueInItsWindow() {
        SimulatedPatient missing = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.MISSED_CHECK_INS), 1);

        // Patient prompts go out at 15, then (after the quiet window, 20-60) at 60, 75, 90, 105 minutes.
        assertThat(missing.patientAnswers(minutes(15))).isTrue();
        assertThat(missing.patientAnswers(minutes(60))).isTrue();
        assertThat(missing.patientAnswers(minutes(75))).isFalse();
        assertThat(missing.patientAnswers(minutes(90))).isFalse();
        assertThat(missing.patientAnswers(minutes(105))).isTrue();
        assertThat(new SimulatedPatient(BASELINE, Set.of(), 1).patientAnswers(minutes(75))).isTrue();
    }

    @Test
    void shouldAnswerCheckInsFollowingTheEffect() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, Set.of(), 3);

        SimulatedPatient.PatientAnswers atPeak = patient.patientCheckIn(minutes(40));
        SimulatedPatient.PatientAnswers late = patient.patientCheckIn(minutes(150));
        assertThat(atPeak.unreality()).isBetween(3, 4);
        assertThat(late.unreality()).isBetween(0, 1);
        assertThat(atPeak.feelsOk()).isTrue();
        assertThat(patient.sitterObservedMoaas(minutes(40))).isEqualTo(4);
        assertThat(patient.sitterObservedMoaas(minutes(100))).isEqualTo(5);
    }

    @Test
    void shouldCallVitalsNearBaselineWithinFifteenAndTen() {
        SimulatedPatient patient = new SimulatedPatient(BASELINE, Set.of(), 1);

        assertThat(patient.nearBaseline(new VitalSigns(143, 92, 80, 97))).isTrue();
        assertThat(patient.nearBaseline(new VitalSigns(144, 80, 80, 97))).isFalse();
        assertThat(patient.nearBaseline(new VitalSigns(130, 93, 80, 97))).isFalse();
    }

    @Test
    void shouldNameAnomaliesAsOnTheCommandLine() {
        assertThat(Anomaly.fromOption("offline-backlog")).isEqualTo(Anomaly.OFFLINE_BACKLOG);
        assertThat(Anomaly.BP_SPIKE.optionName()).isEqualTo("bp-spike");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Anomaly.fromOption("heart-attack"))
                .hasMessageContaining("unknown anomaly").hasMessageContaining("spo2-dip");
    }

    @Test
    void shouldHaveAskedForHelpFromItsMomentOnHoweverLateItIsLookedAt() {
        SimulatedPatient afraid = new SimulatedPatient(BASELINE, EnumSet.of(Anomaly.HELP_REQUESTED), 3);
        assertThat(afraid.hasAskedForHelp(Duration.ofMinutes(61))).isFalse();
        assertThat(afraid.hasAskedForHelp(Duration.ofMinutes(62))).isTrue();
        assertThat(afraid.hasAskedForHelp(Duration.ofMinutes(90))).as("past the window: a slow tick still sends it").isTrue();
        assertThat(new SimulatedPatient(BASELINE, EnumSet.noneOf(Anomaly.class), 3).hasAskedForHelp(Duration.ofMinutes(62)))
                .isFalse();
        assertThat(afraid.hasAskedForHelp(null)).as("not dosed").isFalse();
    }
}
