package care.ketamine.contracts;

import care.ketamine.contracts.vitals.ReadingRecorded;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);

    private final ReadingRecorded reading = new ReadingRecorded("r-1", "s-1", "device-1", 192, 124, 88, 97,
            Instant.parse("2026-11-26T14:59:58Z"), Instant.parse("2026-11-26T15:00:00Z"));

    @Test
    void shouldRoundTripAnEnvelopeWithItsPayload() {
        EventEnvelope<ReadingRecorded> sent = EventEnvelope.wrap(ReadingRecorded.TYPE, "s-1", reading, clock);

        String json = EventJson.write(sent);
        EventEnvelope<ReadingRecorded> received = EventJson.read(json, ReadingRecorded.TYPE);

        assertThat(received).isEqualTo(sent);
        assertThat(json).contains("\"occurredAt\":\"2026-11-26T15:00:00Z\"")
                .contains("\"type\":\"reading.recorded\"").contains("\"schemaVersion\":1");
        assertThat(EventJson.typeOf(json)).isEqualTo("reading.recorded");
    }

    @Test
    void shouldDeriveTheSameEventIdForTheSameNaturalKeyOnly() {
        assertThat(EventEnvelope.idFor("reading.recorded", "s-1", "r-1")).isEqualTo(EventEnvelope.idFor("reading.recorded", "s-1", "r-1"));
        assertThat(EventEnvelope.idFor("reading.recorded", "s-1", "r-1")).isNotEqualTo(EventEnvelope.idFor("reading.recorded", "s-2", "r-1"));
        assertThat(EventEnvelope.idFor("reading.recorded", "s-1", "r-1")).isNotEqualTo(EventEnvelope.idFor("reading.recorded", "s-1", "r-2"));
    }

    @Test
    void shouldIgnoreFieldsAddedByANewerProducer() {
        String json = EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, "s-1", reading, clock))
                .replace("\"systolic\"", "\"posture\":\"seated\",\"systolic\"");

        assertThat(EventJson.read(json, ReadingRecorded.TYPE).payload().systolic()).isEqualTo(192);
    }

    @Test
    void shouldRefuseRecordsThatAreNotTheExpectedEvent() {
        String good = EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, "s-1", reading, clock));

        assertThatThrownBy(() -> EventJson.read("{not json", ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventJson.read("[1,2]", ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EventJson.read(null, ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no value");
        assertThatThrownBy(() -> EventJson.read(good.replace("reading.recorded", "checkin.answered"), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("expected event type");
        assertThatThrownBy(() -> EventJson.read(good.replace("\"schemaVersion\":1", "\"schemaVersion\":9"), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unsupported schemaVersion 9");
        assertThatThrownBy(() -> EventJson.read(good.replace("\"eventId\"", "\"eventIdentifier\""), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no eventId");
        assertThatThrownBy(() -> EventJson.read(good.replace("\"systolic\":192", "\"systolic\":\"high\""), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("malformed");
    }
}
