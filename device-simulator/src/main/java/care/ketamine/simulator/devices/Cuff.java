package care.ketamine.simulator.devices;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;

/**
 * An upper-arm blood pressure cuff's schedule: a measurement every 5 minutes before the dose and in
 * the first hour after it, every 15 minutes after that, and at once when the clinic asks for a retest.
 */
public final class Cuff {

    private Duration lastMeasured;

    /** Whether the cuff measures at {@code sinceStart} (clinical time since check-in) given the time since the dose. */
    public boolean due(Duration sinceStart, Duration sinceDose) {
        if (lastMeasured == null) {
            return true;
        }
        return sinceStart.minus(lastMeasured).compareTo(cadence(sinceDose)) >= 0;
    }

    /** The cuff measured at {@code sinceStart}. */
    public void measured(Duration sinceStart) {
        lastMeasured = sinceStart;
    }

    /** The interval at {@code sinceDose}: 5 minutes before the dose and in its first hour, then 15. */
    public static Duration cadence(Duration sinceDose) {
        return sinceDose == null || sinceDose.compareTo(DeviceKinds.CUFF_EARLY_WINDOW) < 0
                ? DeviceKinds.CUFF_EARLY_CADENCE : DeviceKinds.CUFF_LATER_CADENCE;
    }
}
