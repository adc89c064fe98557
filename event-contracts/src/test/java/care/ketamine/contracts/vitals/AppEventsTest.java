package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's help requests and the sitter's steps out and back travel as observations, with the names live streams give them. */
class AppEventsTest {

    @Test
    void shouldCarryAHelpRequestThroughJsonAsAnObservation() {
        HelpRequested help = new HelpRequested("h-1", "s-1", CheckInPrompted.PATIENT, "phone-1",
                Instant.parse("2026-11-26T15:40:00Z"), "dizzy, can't stand", Instant.parse("2026-11-26T15:40:01Z"));
        String json = EventJson.write(EventEnvelope.wrap(HelpRequested.TYPE, "s-1", help, Clock.systemUTC()));

        assertThat(EventJson.typeOf(json)).isEqualTo("help.requested");
        assertThat(EventJson.read(json, ObservationKinds.TYPES.get(EventJson.typeOf(json))).payload()).isEqualTo(help);
        assertThat(ObservationKinds.streamName(HelpRequested.TYPE.name())).isEqualTo("help");
    }

    @Test
    void shouldCarryASittersStepOutThroughJsonAsAnObservation() {
        SitterPresenceChanged out = new SitterPresenceChanged("p-1", "s-1", "sitter-phone-1", false,
                Instant.parse("2026-11-26T15:40:00Z"), Instant.parse("2026-11-26T15:40:01Z"));
        String json = EventJson.write(EventEnvelope.wrap(SitterPresenceChanged.TYPE, "s-1", out, Clock.systemUTC()));

        assertThat(EventJson.read(json, ObservationKinds.TYPES.get(EventJson.typeOf(json))).payload()).isEqualTo(out);
        assertThat(ObservationKinds.streamName(SitterPresenceChanged.TYPE.name())).isEqualTo("sitter-presence");
    }
}
