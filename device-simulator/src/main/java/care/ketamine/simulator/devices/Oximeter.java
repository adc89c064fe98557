package care.ketamine.simulator.devices;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.physiology.SimulatedPatient;
import care.ketamine.simulator.physiology.VitalSigns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A fingertip pulse oximeter: one sample a second (SpO2 with about 1 point of noise, pulse rate,
 * respiratory rate from the pleth wave), sent in batches. With {@link Anomaly#MOTION_ARTEFACTS} the
 * patient moves every 6 to 10 clinical minutes and the probe reads a short false dip (2-10 s, down to
 * 80-88 %), the kind of artefact that makes most monitor alarms unactionable.
 */
public final class Oximeter {

    /** The longest motion dip, so a rule that waits longer than this is not fooled by one. */
    public static final Duration LONGEST_ARTEFACT = Duration.ofSeconds(10);

    private final SimulatedPatient patient;
    private final Random noise;
    private final List<Dip> dips = new ArrayList<>();

    /** A motion artefact: from {@code start} seconds after the dose, for {@code seconds}, reading {@code spo2}. */
    record Dip(long start, int seconds, int spo2) {
    }

    public Oximeter(SimulatedPatient patient, Set<Anomaly> anomalies, long seed) {
        this.patient = patient;
        this.noise = new Random(seed * 31 + 7);
        if (anomalies.contains(Anomaly.MOTION_ARTEFACTS)) {
            Random plan = new Random(seed);
            for (long at = 120 + plan.nextInt(240); at < Anomaly.MOTION_ARTEFACTS.to().toSeconds(); at += 360 + plan.nextInt(240)) {
                dips.add(new Dip(at, 2 + plan.nextInt(9), 80 + plan.nextInt(9)));
            }
        }
    }

    /** One sample at {@code sinceDose} (null before the dose). */
    public Sample sample(Duration sinceDose) {
        VitalSigns v = patient.measure(sinceDose);
        int spo2 = v.spo2();
        if (sinceDose != null) {
            long second = sinceDose.toSeconds();
            for (Dip dip : dips) {
                if (second >= dip.start() && second < dip.start() + dip.seconds()) {
                    spo2 = dip.spo2();
                }
            }
        }
        double perfusion = Math.round((2.0 + noise.nextGaussian() * 0.3) * 10) / 10.0;
        return new Sample(Math.min(100, spo2), v.heartRate(), v.respiratoryRate(), Math.max(0.2, perfusion));
    }

    /** The motion dips planned for this session, for tests. */
    List<Dip> dips() {
        return List.copyOf(dips);
    }

    /** What the oximeter reports for one second. */
    public record Sample(int spo2, int pulseRate, int respiratoryRate, double perfusionIndex) {
    }
}
