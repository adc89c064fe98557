package care.ketamine.simulator.devices;

import care.ketamine.simulator.physiology.Anomaly;
import care.ketamine.simulator.physiology.SimulatedPatient;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A home device's own clock. Real ones drift and are set by hand; with {@link Anomaly#CLOCK_DRIFT}
 * both devices run 10 minutes slow until the peak and 10 minutes fast after it (wall-clock minutes,
 * not compressed: a clock error is not clinical time). The server must judge by its own clock.
 */
public final class DeviceClock {

    static final Duration DRIFT = Duration.ofMinutes(10);

    private final boolean drifts;

    public DeviceClock(Set<Anomaly> anomalies) {
        this.drifts = anomalies.contains(Anomaly.CLOCK_DRIFT);
    }

    /** The device's time when the true time is {@code now}, {@code sinceDose} after the dose (null before it). */
    public Instant at(Instant now, Duration sinceDose) {
        if (!drifts) {
            return now;
        }
        boolean afterPeak = sinceDose != null && sinceDose.compareTo(SimulatedPatient.PEAK) >= 0;
        return afterPeak ? now.plus(DRIFT) : now.minus(DRIFT);
    }
}
