package care.ketamine.simulator.physiology;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * How one simulated patient's body and devices behave through a dosing session, as a function of
 * clinical time since the dose. Plain Java and deterministic for a seed, so tests can pin it.
 *
 * <p>The response follows what the clinical reference describes for sublingual ketamine: blood
 * pressure and heart rate rise, peak about 40 minutes after the dose and are back near baseline by
 * 90 to 120 minutes. Peak rise here is +22/+12 mm[Hg] and +12 /min: inside the default thresholds
 * (warning 160/100, rise +40/+25), so a session without anomalies raises no alert.
 */
public final class SimulatedPatient {

    /** The clinical time of the peak effect after the dose. */
    public static final Duration PEAK = Duration.ofMinutes(40);
    static final int PEAK_SYSTOLIC_RISE = 22;
    static final int PEAK_DIASTOLIC_RISE = 12;
    static final int PEAK_HEART_RATE_RISE = 12;
    /** Ketamine at these doses leaves breathing largely alone: 12-16/min throughout, unless bradypnoea is simulated. */
    static final int BASELINE_RESPIRATORY_RATE = 14;

    private final VitalSigns baseline;
    private final Set<Anomaly> anomalies;
    private final Random noise;

    public SimulatedPatient(VitalSigns baseline, Set<Anomaly> anomalies, long seed) {
        this.baseline = baseline;
        this.anomalies = anomalies.isEmpty() ? EnumSet.noneOf(Anomaly.class) : EnumSet.copyOf(anomalies);
        this.noise = new Random(seed);
    }

    /**
     * The drug's effect from 0 to 1: {@code (t/peak)^3 * e^(3(1 - t/peak))}, 1 at the peak, about
     * 0.27 at 90 minutes and 0.07 at 120. Zero before the dose ({@code sinceDose} null or negative).
     */
    public static double effect(Duration sinceDose) {
        if (sinceDose == null || sinceDose.isNegative()) {
            return 0;
        }
        double x = sinceDose.toMillis() / (double) PEAK.toMillis();
        return Math.pow(x, 3) * Math.exp(3 * (1 - x));
    }

    /** The values measured at {@code sinceDose} (null before the dose), with a little measurement noise. */
    public VitalSigns measure(Duration sinceDose) {
        double effect = effect(sinceDose);
        int systolic = (int) Math.round(baseline.systolic() + PEAK_SYSTOLIC_RISE * effect + noise.nextGaussian() * 2);
        int diastolic = (int) Math.round(baseline.diastolic() + PEAK_DIASTOLIC_RISE * effect + noise.nextGaussian() * 1.5);
        int heartRate = (int) Math.round(baseline.heartRate() + PEAK_HEART_RATE_RISE * effect + noise.nextGaussian() * 2);
        int spo2 = Math.min(100, (int) Math.round(baseline.spo2() + noise.nextGaussian() * 0.6));
        if (has(Anomaly.BP_SPIKE, sinceDose)) {
            systolic = 190 + noise.nextInt(6);
            diastolic = 122 + noise.nextInt(4);
            heartRate += 15;
        }
        if (has(Anomaly.SPO2_DIP, sinceDose)) {
            spo2 = 86 + noise.nextInt(3);
        }
        int respiratoryRate = (int) Math.round(BASELINE_RESPIRATORY_RATE + noise.nextGaussian() * 0.8);
        if (has(Anomaly.BRADYPNOEA, sinceDose)) {
            respiratoryRate = 6 + noise.nextInt(2);
        }
        return new VitalSigns(systolic, diastolic, heartRate, spo2, respiratoryRate);
    }

    /**
     * Whether a device posts, loses or keeps what it measured at {@code sinceDose}: the oximeter falls
     * silent in {@link Anomaly#DEVICE_SILENCE}; both keep their readings while offline.
     */
    public DeviceBehaviour device(boolean oximeter, Duration sinceDose) {
        if (oximeter && has(Anomaly.DEVICE_SILENCE, sinceDose)) {
            return DeviceBehaviour.SILENT;
        }
        if (has(Anomaly.OFFLINE_BACKLOG, sinceDose)) {
            return DeviceBehaviour.KEEP;
        }
        return DeviceBehaviour.SEND;
    }

    /** Whether the sitter is with the patient at {@code sinceDose}. */
    public boolean sitterPresent(Duration sinceDose) {
        return !has(Anomaly.SITTER_LEAVES, sinceDose);
    }

    /**
     * Whether the patient has asked for help by now: from the anomaly's start on, however late the simulator looks
     * (a loaded machine may step over its short window); the app keeps the request until it is through.
     */
    public boolean hasAskedForHelp(Duration sinceDose) {
        return anomalies.contains(Anomaly.HELP_REQUESTED) && sinceDose != null
                && sinceDose.compareTo(Anomaly.HELP_REQUESTED.from()) >= 0;
    }

    private boolean has(Anomaly anomaly, Duration sinceDose) {
        return anomalies.contains(anomaly) && anomaly.activeAt(sinceDose);
    }

    /** Whether the patient answers a prompt that fell due at {@code dueSinceDose}. The sitter always answers. */
    public boolean patientAnswers(Duration dueSinceDose) {
        return !has(Anomaly.MISSED_CHECK_INS, dueSinceDose);
    }

    /**
     * The patient's answers at {@code sinceDose}: the three dissociation items (0-4) follow the drug's
     * effect, nausea and anxiety stay low, and the patient feels OK.
     */
    public PatientAnswers patientCheckIn(Duration sinceDose) {
        double effect = effect(sinceDose);
        int dissociation = (int) Math.min(4, Math.round(3 * effect + noise.nextDouble() * 0.8));
        return new PatientAnswers(dissociation, Math.max(0, dissociation - 1), (int) Math.min(4, Math.round(2.5 * effect)),
                (int) Math.round(2 * effect), 1 + (int) Math.round(effect), true);
    }

    /** MOAA/S as the sitter observes it: 4 (lethargic) around the peak, 5 otherwise. */
    public int sitterObservedMoaas(Duration sinceDose) {
        return effect(sinceDose) > 0.7 ? 4 : 5;
    }

    /** Near baseline for discharge: within 15 mm[Hg] systolic and 10 diastolic of it. */
    public boolean nearBaseline(VitalSigns latest) {
        return latest.systolic() - baseline.systolic() <= 15 && latest.diastolic() - baseline.diastolic() <= 10;
    }

    public Set<Anomaly> anomalies() {
        return Set.copyOf(anomalies);
    }

    /** A patient check-in's answers. */
    public record PatientAnswers(int unreality, int bodyDisconnection, int timeDistortion, int nausea, int anxiety,
                                 boolean feelsOk) {
    }
}
