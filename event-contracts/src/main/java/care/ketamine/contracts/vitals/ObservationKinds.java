package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.util.Map;

/** The event types on {@code vitals.observations}, and the short names live streams give them. */
public final class ObservationKinds {

    /** Every observation event type by its name on the wire. */
    public static final Map<String, EventType<?>> TYPES = Map.of(
            ReadingRecorded.TYPE.name(), ReadingRecorded.TYPE,
            PatientCheckedIn.TYPE.name(), PatientCheckedIn.TYPE,
            SitterCheckedIn.TYPE.name(), SitterCheckedIn.TYPE,
            CheckInPrompted.TYPE.name(), CheckInPrompted.TYPE,
            HelpRequested.TYPE.name(), HelpRequested.TYPE,
            SitterPresenceChanged.TYPE.name(), SitterPresenceChanged.TYPE);

    private static final Map<String, String> STREAM_NAMES = Map.of(
            ReadingRecorded.TYPE.name(), "reading",
            PatientCheckedIn.TYPE.name(), "patient-check-in",
            SitterCheckedIn.TYPE.name(), "sitter-check-in",
            CheckInPrompted.TYPE.name(), "prompt",
            HelpRequested.TYPE.name(), "help",
            SitterPresenceChanged.TYPE.name(), "sitter-presence");

    private ObservationKinds() {
    }

    /** The SSE event name of an observation type (reading, patient-check-in, sitter-check-in, prompt, help,
     * sitter-presence), else the type. */
    public static String streamName(String type) {
        return STREAM_NAMES.getOrDefault(type, type);
    }
}
