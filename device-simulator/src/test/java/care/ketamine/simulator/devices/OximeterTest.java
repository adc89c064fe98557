package care.ketamine.simulator.devices;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.physiology.SimulatedPatient;
import care.ketamine.simulator.physiology.VitalSigns;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OximeterTest {

    private static final VitalSigns BASELINE = new VitalSigns(128, 82, 72, 97);

    private static Oximeter oximeter(Set<Anomaly> anomalies, long seed) {
        return new Oximeter(new SimulatedPatient(BASELINE, anomalies, seed), anomalies, seed);
    }

    /** The longest run of consecutive seconds below {@code floor} over a session of 150 clinical minutes. */
    private static int longestRunBelow(Oximeter oximeter, int floor) {
        int longest = 0;
        int run = 0;
        for (int second = 0; second < 150 * 60; second++) {
            run = oximeter.sample(Duration.ofSeconds(second)).spo2() < floor ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    @Test
    void shouldStayAbove92WithoutAnomaliesWhateverTheSeed() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(longestRunBelow(oximeter(Set.of(), seed), 93)).as("seed %d", seed).isZero();
        }
    }

    @Test
    void shouldDipBrieflyWithMotionButNeverForLongerThanTenSeconds() {
        for (long seed = 1; seed <= 5; seed++) {
            Oximeter moving = oximeter(EnumSet.of(Anomaly.MOTION_ARTEFACTS), seed);

            assertThat(moving.dips()).as("a dip every 6 to 10 minutes").hasSizeBetween(14, 26);
            assertThat(moving.dips()).allSatisfy(dip -> {
                assertThat(dip.seconds()).isBetween(2, 10);
                assertThat(dip.spo2()).isBetween(80, 88);
            });
            int longest = longestRunBelow(moving, 90);
            assertThat(longest).isBetween(2, (int) Oximeter.LONGEST_ARTEFACT.toSeconds());
        }
    }

    @Test
    void shouldDesaturateForMinutesInASustainedDip() {
        int longest = longestRunBelow(oximeter(EnumSet.of(Anomaly.SPO2_DIP), 3), 90);

        assertThat(longest).isGreaterThanOrEqualTo(6 * 60 - 1);
    }

    @Test
    void shouldReportPulseRespirationAndPerfusion() {
        Oximeter.Sample sample = oximeter(Set.of(), 1).sample(Duration.ofMinutes(10));

        assertThat(sample.pulseRate()).isBetween(60, 100);
        assertThat(sample.respiratoryRate()).isBetween(10, 18);
        assertThat(sample.perfusionIndex()).isBetween(0.2, 5.0);
    }
}
