package care.ketamine.vitals.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Hypertensive crisis: above 180 systolic and/or above 120 diastolic (ACC/AHA; clinical reference, "What clinic
 * practice monitors"). Home guidance is to wait 5 minutes and measure again, so a crisis reading asks the cuff for
 * a retest due 5 minutes after it was measured; at most one retest per 5 minutes, so a crisis that goes on is
 * retested every 5 minutes, not at every reading.
 */
public final class BloodPressureCrisis {

    public static final int SYSTOLIC_ABOVE = 180;
    public static final int DIASTOLIC_ABOVE = 120;
    public static final Duration RETEST_AFTER = Duration.ofMinutes(5);

    private BloodPressureCrisis() {
    }

    /** Whether a reading's blood pressure is in crisis; false without a blood pressure. */
    public static boolean inCrisis(Integer systolic, Integer diastolic) {
        return (systolic != null && systolic > SYSTOLIC_ABOVE) || (diastolic != null && diastolic > DIASTOLIC_ABOVE);
    }

    /** When the retest is due: {@code retestAfter} (5 minutes in clinical time) after the crisis reading was measured. */
    public static Instant retestDue(Instant measuredAt, Duration retestAfter) {
        return measuredAt.plus(retestAfter);
    }
}
