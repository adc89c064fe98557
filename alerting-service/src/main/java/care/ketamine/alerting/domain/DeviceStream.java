package care.ketamine.alerting.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;
import java.time.Instant;

/**
 * One paired device of a session and when the server last received a reading from it. Times are the
 * server's (pairing, receipt), never the device's own clock.
 *
 * @param kind           a {@link DeviceKinds} value
 * @param role           {@code patient-device} or {@code sitter}; null when only readings told us of the device
 * @param declaredCadence how often the device promised to send at pairing; null for its kind's default
 * @param pairedAt       when it was paired; null when only readings told us of it
 * @param lastReceivedAt the server's receive time of its newest reading; null before the first
 */
public record DeviceStream(String deviceId, String kind, String role, Duration declaredCadence, Instant pairedAt,
                           Instant lastReceivedAt) {

    /** Phones send check-ins, never readings: their silence says nothing about the patient's vitals. */
    public boolean sendsReadings() {
        return (kind == null || !DeviceKinds.PHONE_KINDS.contains(kind)) && !"sitter".equals(role);
    }

    /** The kind as the clinician reads it in an alert. */
    public String spokenKind() {
        return switch (kind == null ? DeviceKinds.MONITOR : kind) {
            case DeviceKinds.BP_CUFF -> "blood pressure cuff";
            case DeviceKinds.PULSE_OXIMETER -> "pulse oximeter";
            case DeviceKinds.MONITOR -> "monitor";
            default -> kind;
        };
    }
}
