package care.ketamine.testsupport;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.sessions.ClinicianUpdated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Publishes clinicians on {@code sessions.clinicians} as session-service would, and records that are not. */
public final class ClinicianProbe {

    private ClinicianProbe() {
    }

    /** The clinician (an MD licensed in CA) as active or deactivated at the time; returns the record, to replay it. */
    public static String updated(String clinicianId, boolean active, Instant at) {
        String record = EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, clinicianId,
                new ClinicianUpdated(clinicianId, "Dr " + clinicianId, "MD", Set.of("CA"), active, at), Clock.systemUTC()));
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, clinicianId, record);
        return record;
    }

    /** Puts the record on the topic again, under the clinician's key, as a redelivery would. */
    public static void again(String clinicianId, String record) {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, clinicianId, record);
    }

    /**
     * Two records under the clinician's key that are not readable clinician events (not JSON; a clinician.updated
     * naming nobody), and waits until the consumer has moved both to the dead-letter topic: so every record put on
     * the topic under that key before them has been consumed too.
     */
    public static void unreadableRecordsDeadLettered(String clinicianId, Duration timeout) {
        String marker = UUID.randomUUID().toString();
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, clinicianId, "{not an event " + marker);
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, clinicianId, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE,
                clinicianId, new ClinicianUpdated(null, marker, "MD", Set.of("CA"), true, Instant.now()), Clock.systemUTC())));
        TopicProbe.awaitRecords(Topics.deadLetter(Topics.SESSIONS_CLINICIANS),
                record -> record.value() != null && record.value().contains(marker) && record.value().contains("clinician.updated"),
                timeout);
    }
}
