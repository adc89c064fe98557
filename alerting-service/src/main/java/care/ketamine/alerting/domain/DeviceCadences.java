package care.ketamine.alerting.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;
import java.time.Instant;

/**
 * How often each kind of device is expected to send, when it declared no cadence of its own
 * ({@link DeviceKinds}): a blood pressure cuff every 5 minutes in the first hour after the dose, then
 * every 15; a pulse oximeter a batch every 5 seconds; a combined monitor once a minute. A declared
 * cadence wins. Durations are clinical time, divided by the compression of a demonstration; no device
 * is expected more often than every {@link #SHORTEST} (an oximeter's batch cadence, and the period of
 * the sweep that looks), which keeps network jitter from paging.
 */
public record DeviceCadences(Duration monitor, Duration oximeter, Duration cuffEarly, Duration cuffLater,
                             Duration cuffEarlyWindow, int compression) {

    public static final Duration SHORTEST = Duration.ofSeconds(5);

    public DeviceCadences {
        if (compression < 1) {
            throw new IllegalArgumentException("compression is 1 or more");
        }
    }

    /** The kinds' defaults in real time, with a monitor's interval as configured. */
    public static DeviceCadences standard(Duration monitor) {
        return new DeviceCadences(monitor, DeviceKinds.OXIMETER_SEND_CADENCE, DeviceKinds.CUFF_EARLY_CADENCE,
                DeviceKinds.CUFF_LATER_CADENCE, DeviceKinds.CUFF_EARLY_WINDOW, 1);
    }

    public static DeviceCadences standard() {
        return standard(DeviceKinds.MONITOR_CADENCE);
    }

    /** The same cadences with clinical time divided by {@code factor} (demonstrations only). */
    public DeviceCadences compressedBy(int factor) {
        return new DeviceCadences(monitor, oximeter, cuffEarly, cuffLater, cuffEarlyWindow, factor);
    }

    /**
     * The interval the device is expected to keep after {@code since} (its latest reading, or the dose). A cuff
     * without a declared cadence is expected 5 minutes later when that falls clearly within the first hour after the
     * dose (half an interval before its end), else 15 minutes later: a cuff read at 54 minutes may measure again at 59
     * or switch to its later cadence at the hour, and neither is silence.
     */
    public Duration expectedAfter(DeviceStream device, Instant dosedAt, Instant since) {
        Duration clinical;
        if (device.declaredCadence() != null && !device.declaredCadence().isNegative() && !device.declaredCadence().isZero()) {
            clinical = device.declaredCadence();
        } else {
            clinical = switch (device.kind() == null ? DeviceKinds.MONITOR : device.kind()) {
                case DeviceKinds.PULSE_OXIMETER -> oximeter;
                case DeviceKinds.BP_CUFF -> {
                    // Cuffs differ on whether a reading at the hour's end is still early: near the end, the later
                    // cadence is expected, and a cuff that still measures early is only more frequent.
                    Instant earlyEnds = dosedAt.plus(scaled(cuffEarlyWindow));
                    Duration nextEarlyWithMargin = scaled(cuffEarly).plus(scaled(cuffEarly).dividedBy(2));
                    yield since.plus(nextEarlyWithMargin).isBefore(earlyEnds) ? cuffEarly : cuffLater;
                }
                default -> monitor;
            };
        }
        Duration expected = scaled(clinical);
        return expected.compareTo(SHORTEST) < 0 ? SHORTEST : expected;
    }

    private Duration scaled(Duration clinical) {
        return compression == 1 ? clinical : clinical.dividedBy(compression);
    }
}
