package care.ketamine.contracts.sessions;

import java.time.Duration;

/**
 * A device as paired to a session: what it is and how often it promised to send. Carried by
 * {@link SessionChanged} on DEVICE_PAIRED, so vitals and alerting know each stream's kind and cadence.
 *
 * @param role           {@code patient-device} or {@code sitter}
 * @param kind           a {@link care.ketamine.contracts.vitals.DeviceKinds} value
 * @param cadenceSeconds how often the device sends, as it declared at pairing; null for the kind's default
 *                       (a cuff: 5 min in the first hour after the dose, then 15 min)
 * @param manufacturer   as the device reports it at pairing (Bluetooth Device Information), optional
 */
public record PairedDevice(String deviceId, String role, String kind, Integer cadenceSeconds,
                           String manufacturer, String model, String firmware) {

    /**
     * How the device names itself on its readings and check-ins: the subject of its token,
     * {@code device-<deviceId>}, which vitals publishes as {@code ReadingRecorded.deviceId}.
     */
    public static String subjectOf(String deviceId) {
        return "device-" + deviceId;
    }

    /** The declared cadence, or null when the kind's default applies. */
    public Duration declaredCadence() {
        return cadenceSeconds == null ? null : Duration.ofSeconds(cadenceSeconds);
    }
}
