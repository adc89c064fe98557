package care.ketamine.vitals.session;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.vitals.checkin.CheckInPrompts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each session's state, its check-in time, its paired devices' kinds and revoked devices from
 * {@code sessions.lifecycle}. Events of one session arrive in order on one partition; a replay of
 * an older event changes nothing. A database outage is waited out; unreadable records go to the DLQ
 * ({@link EventHandlers}).
 */
@ApplicationScoped
public class LifecycleProjection {

    private final CheckInPrompts prompts;
    private final EventHandlers handlers;

    public LifecycleProjection(CheckInPrompts prompts,
                               @Channel("lifecycle-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.prompts = prompts;
        this.handlers = EventHandlers.forConsumer("vitals-sessions", deadLetterTopic, meters)
                .on(SessionChanged.TYPE, this::sessionChanged);
    }

    @Incoming("lifecycle")
    @Blocking
    public void onSessionChanged(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void sessionChanged(EventEnvelope<SessionChanged> event) {
        SessionChanged change = event.payload();
        if ("DEVICE_REVOKED".equals(change.change())) {
            if (RevokedDevice.findById(change.deviceId()) == null) {
                RevokedDevice revoked = new RevokedDevice();
                revoked.deviceId = change.deviceId();
                revoked.sessionId = change.sessionId();
                revoked.revokedAt = change.at();
                revoked.persist();
            }
            return;
        }
        if ("DEVICE_PAIRED".equals(change.change())) {
            paired(change);
        }
        SessionActivity activity = SessionActivity.findById(change.sessionId());
        if (activity == null) {
            activity = new SessionActivity();
            activity.sessionId = change.sessionId();
        } else if (activity.updatedAt.isAfter(change.at())) {
            return;
        }
        if ("CHECKED_IN".equals(change.state()) && activity.checkedInAt == null) {
            activity.checkedInAt = change.at();
        }
        if ("DOSED".equals(change.state()) && change.dosedAt() != null) {
            prompts.planAfterDose(change.sessionId(), change.dosedAt(), change.checkInEveryMinutes(), change.checkInForMinutes(),
                    change.patientQuietWindow());
        }
        // ENDED_EARLY is a dosed session still being watched: its prompts keep going out past the planned window.
        if ("ENDED_EARLY".equals(change.state())) {
            if (change.dosedAt() != null) {
                prompts.planWhileEndedEarly(change.sessionId(), change.dosedAt(), change.checkInEveryMinutes(),
                        change.checkInForMinutes(), change.patientQuietWindow());
            } else {
                Log.warnf("session %s is ENDED_EARLY without a dose time: its prompts stop at the planned window", change.sessionId());
            }
        }
        if (SessionStates.ended(change.state())) {
            prompts.callOff(change.sessionId());
        }
        activity.state = change.state();
        activity.patientId = change.patientId();
        activity.clinicianId = change.clinicianId();
        activity.updatedAt = change.at();
        activity.persist();
    }

    /**
     * The device's kind decides the shape of its readings. A pairing event without a device description (written
     * before pairing described devices) pairs a combined monitor. A redelivered pairing changes nothing; a device id
     * paired again (the same device re-paired) takes the newer description.
     */
    private static void paired(SessionChanged change) {
        PairedDevice described = change.device();
        String deviceId = described != null && described.deviceId() != null ? described.deviceId() : change.deviceId();
        if (deviceId == null) {
            Log.warnf("session %s: DEVICE_PAIRED names no device; nothing recorded", change.sessionId());
            return;
        }
        PairedDeviceRecord device = PairedDeviceRecord.findById(deviceId);
        if (device == null) {
            device = new PairedDeviceRecord();
            device.deviceId = deviceId;
        } else if (device.pairedAt.isAfter(change.at())) {
            return;
        }
        device.sessionId = change.sessionId();
        device.kind = described == null || described.kind() == null ? DeviceKinds.MONITOR : described.kind();
        device.role = described == null ? null : described.role();
        device.cadenceSeconds = described == null ? null : described.cadenceSeconds();
        device.manufacturer = described == null ? null : described.manufacturer();
        device.model = described == null ? null : described.model();
        device.firmware = described == null ? null : described.firmware();
        device.pairedAt = change.at();
        device.persist();
    }
}
