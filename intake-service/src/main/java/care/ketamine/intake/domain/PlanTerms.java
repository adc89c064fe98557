package care.ketamine.intake.domain;

import care.ketamine.contracts.intake.MonitoringThresholds;

import java.util.ArrayList;
import java.util.List;

/**
 * The terms of a treatment plan and the rules they must keep. Monitoring thresholds default
 * from the clinical reference and may only be made stricter.
 */
public record PlanTerms(int dosingSessions, int minDaysBetweenDoses, int doseMg, MonitoringThresholds thresholds) {

    /** At most 6 treatments per prescription (clinical reference, "How an at-home sublingual session runs"). */
    public static final int MAX_SESSIONS = 6;
    public static final int DEFAULT_SESSIONS = 6;
    public static final int DEFAULT_MIN_DAYS = 3;
    /** A plausibility bound on a sublingual dose, not a dosing recommendation. */
    static final int MAX_DOSE_MG = 1000;

    /**
     * Defaults from the clinical reference: gate at 160/90 and HR 100 (Choose Ketamine); a warning
     * above 160/100 (the level at which intake refuses treatment until controlled); a rise of
     * 40 systolic or 25 diastolic (esketamine label); HR above 120 or below 50; SpO2 warning below
     * 92 and critical below 90 (never lower: oximeter skin-tone bias).
     */
    public static final MonitoringThresholds DEFAULT_THRESHOLDS =
            new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);

    /** Every rule the terms break: ranges, and any threshold looser than its default. */
    public List<Breach> check() {
        List<Breach> breaches = new ArrayList<>();
        if (dosingSessions < 1 || dosingSessions > MAX_SESSIONS) {
            breaches.add(new Breach("plan.dosingSessions", "must be between 1 and " + MAX_SESSIONS));
        }
        if (minDaysBetweenDoses < 1 || minDaysBetweenDoses > 28) {
            breaches.add(new Breach("plan.minDaysBetweenDoses", "must be between 1 and 28"));
        }
        if (doseMg < 1 || doseMg > MAX_DOSE_MG) {
            breaches.add(new Breach("plan.doseMg", "must be between 1 and " + MAX_DOSE_MG));
        }
        MonitoringThresholds t = thresholds;
        MonitoringThresholds d = DEFAULT_THRESHOLDS;
        atMost(breaches, "gateMaxSystolic", t.gateMaxSystolic(), d.gateMaxSystolic());
        atMost(breaches, "gateMaxDiastolic", t.gateMaxDiastolic(), d.gateMaxDiastolic());
        atMost(breaches, "gateMaxHeartRate", t.gateMaxHeartRate(), d.gateMaxHeartRate());
        atMost(breaches, "warnSystolic", t.warnSystolic(), d.warnSystolic());
        atMost(breaches, "warnDiastolic", t.warnDiastolic(), d.warnDiastolic());
        atMost(breaches, "riseSystolic", t.riseSystolic(), d.riseSystolic());
        atMost(breaches, "riseDiastolic", t.riseDiastolic(), d.riseDiastolic());
        atMost(breaches, "heartRateHigh", t.heartRateHigh(), d.heartRateHigh());
        atLeast(breaches, "heartRateLow", t.heartRateLow(), d.heartRateLow());
        atLeast(breaches, "spo2Warning", t.spo2Warning(), d.spo2Warning());
        atLeast(breaches, "spo2Critical", t.spo2Critical(), d.spo2Critical());
        if (t.spo2Critical() > t.spo2Warning()) {
            breaches.add(new Breach("plan.thresholds.spo2Critical", "must not be above spo2Warning"));
        }
        if (t.spo2Warning() > 100 || t.heartRateLow() >= t.heartRateHigh() || t.gateMaxDiastolic() >= t.gateMaxSystolic()
                || t.warnDiastolic() >= t.warnSystolic() || t.riseSystolic() < 1 || t.riseDiastolic() < 1
                || t.gateMaxHeartRate() < 40 || t.gateMaxSystolic() < 90) {
            breaches.add(new Breach("plan.thresholds", "are not consistent (check the order of low and high values)"));
        }
        return breaches;
    }

    private static void atMost(List<Breach> breaches, String name, int value, int defaultValue) {
        if (value > defaultValue) {
            breaches.add(new Breach("plan.thresholds." + name,
                    "may only be made stricter: at most " + defaultValue + ", not " + value));
        }
    }

    private static void atLeast(List<Breach> breaches, String name, int value, int defaultValue) {
        if (value < defaultValue) {
            breaches.add(new Breach("plan.thresholds." + name,
                    "may only be made stricter: at least " + defaultValue + ", not " + value));
        }
    }
}
