package care.ketamine.alerting.domain;

import care.ketamine.contracts.intake.MonitoringThresholds;

/**
 * The alert thresholds for one session: the patient's plan, or the clinical reference's defaults
 * where the plan sets none. The critical SpO2 threshold is never below 90 (clinical reference:
 * oximeters can read 92-96% when arterial saturation is 88% or less; do not set it lower).
 */
public record Thresholds(int warnSystolic, int warnDiastolic, int riseSystolic, int riseDiastolic, int heartRateHigh,
                         int heartRateLow, int spo2Warning, int spo2Critical) {

    public static final int SPO2_CRITICAL_FLOOR = 90;

    public Thresholds {
        spo2Critical = Math.max(spo2Critical, SPO2_CRITICAL_FLOOR);
        spo2Warning = Math.max(spo2Warning, spo2Critical);
    }

    /** Warning above 160/100; a rise of 40 systolic or 25 diastolic; heart rate above 120 or below 50; SpO2 below 92 warning, below 90 critical. */
    public static Thresholds defaults() {
        return new Thresholds(160, 100, 40, 25, 120, 50, 92, 90);
    }

    public static Thresholds of(MonitoringThresholds plan) {
        return plan == null ? defaults() : new Thresholds(plan.warnSystolic(), plan.warnDiastolic(), plan.riseSystolic(),
                plan.riseDiastolic(), plan.heartRateHigh(), plan.heartRateLow(), plan.spo2Warning(), plan.spo2Critical());
    }
}
