package care.ketamine.alerting.session;

import care.ketamine.contracts.vitals.ReadingRecorded;

import java.time.Instant;

/**
 * A reading as the device-silence rule counts it: which device of which session, and when the server
 * received it (vitals' receive time; the broker's timestamp for an event that carries none). Never the
 * reading's {@code measuredAt}, which comes from the device's clock.
 */
public record SeenReading(String sessionId, String deviceId, String kind, Instant receivedAt) {

    public static SeenReading of(ReadingRecorded reading, Instant onBroker) {
        return new SeenReading(reading.sessionId(), reading.deviceId(), reading.kindOrMonitor(),
                reading.receivedAt() != null ? reading.receivedAt() : onBroker);
    }
}
