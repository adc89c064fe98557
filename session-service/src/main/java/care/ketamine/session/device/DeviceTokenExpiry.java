package care.ketamine.session.device;

import java.time.Duration;
import java.time.Instant;

/**
 * When a device token expires: a margin after the session's scheduled end, or after now when the
 * session runs past it. Pairing hours before a late session therefore never leaves it without its
 * devices, and a device that refreshes its token keeps it until the session has ended. The
 * scheduled end is calendar time, so the margin is not compressed with clinical time.
 */
public final class DeviceTokenExpiry {

    private DeviceTokenExpiry() {
    }

    public static Instant of(Instant scheduledEnd, Instant now, Duration margin) {
        if (margin.isNegative() || margin.isZero()) {
            throw new IllegalArgumentException("the device token margin must be positive");
        }
        return (scheduledEnd == null || scheduledEnd.isBefore(now) ? now : scheduledEnd).plus(margin);
    }
}
