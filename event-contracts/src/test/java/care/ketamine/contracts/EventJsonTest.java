package care.ketamine.contracts;

import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.ReadingRecorded;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

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
                .contains("\"type\":\"reading.recorded\"").contains("\"schemaVersion\":2");
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
    void shouldReadAVersionOneReadingAsACombinedMonitors() {
        String v1 = """
                {"eventId":"7d1f3b0e-4a8c-4a5e-9b1a-2f1f7a1f0c11","type":"reading.recorded","schemaVersion":1,
                 "occurredAt":"2026-03-01T10:00:00Z","aggregateId":"s-1",
                 "payload":{"readingId":"r-1","sessionId":"s-1","deviceId":"device-1","systolic":150,"diastolic":90,
                            "heartRate":80,"spo2":null,"measuredAt":"2026-03-01T09:59:58Z",
                            "receivedAt":"2026-03-01T10:00:00Z"}}""";

        ReadingRecorded read = EventJson.read(v1, ReadingRecorded.TYPE).payload();

        assertThat(read.hasBloodPressure()).isTrue();
        assertThat(read.kindOrMonitor()).isEqualTo(DeviceKinds.MONITOR);
        assertThat(read.respiratoryRate()).isNull();
        assertThat(read.measurementFlags()).isEmpty();
    }

    @Test
    void shouldCarryAnOximetersReadingWithoutBloodPressure() {
        ReadingRecorded oximeter = new ReadingRecorded("r-2", "s-1", "ox-1", null, null, 72, 95,
                Instant.parse("2026-03-01T10:00:01Z"), Instant.parse("2026-03-01T10:00:03Z"),
                DeviceKinds.PULSE_OXIMETER, 14, 2.5, Set.of(), null, null, Instant.parse("2026-03-01T10:00:09Z"));

        ReadingRecorded read = EventJson.read(EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, "s-1", oximeter, clock)),
                ReadingRecorded.TYPE).payload();

        assertThat(read).isEqualTo(oximeter);
        assertThat(read.hasBloodPressure()).isFalse();
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
        assertThatThrownBy(() -> EventJson.read(good.replace("\"schemaVersion\":2", "\"schemaVersion\":9"), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unsupported schemaVersion 9");
        assertThatThrownBy(() -> EventJson.read(good.replace("\"eventId\"", "\"eventIdentifier\""), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no eventId");
        assertThatThrownBy(() -> EventJson.read(good.replace("\"systolic\":192", "\"systolic\":\"high\""), ReadingRecorded.TYPE))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("malformed");
    }

    /** The refusal becomes a dead-letter-reason header and a log line: it names the field, never the value. */
    @Test
    void shouldNotRepeatAValueFromTheRecordWhenRefusingIt() {
        String name = "Alex Rivera";
        String good = EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, "s-1", reading, clock));
        String[] records = {
                "{\"type\": " + name + "}",
                good.replace("\"reading.recorded\"", "\"" + name + "\""),
                good.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + name + "\""),
                good.replace("\"occurredAt\":\"2026-11-26T15:00:00Z\"", "\"occurredAt\":\"" + name + "\""),
                good.replace("\"systolic\":192", "\"systolic\":\"" + name + "\""),
                good.replace("\"measuredAt\":\"2026-11-26T14:59:58Z\"", "\"measuredAt\":\"" + name + "\""),
                good.replace("\"measurementFlags\":[]", "\"measurementFlags\":{\"" + name + "\":1}"),
        };
        for (String record : records) {
            assertThat(record).as("the test changed the record").isNotEqualTo(good);
            assertThatThrownBy(() -> EventJson.read(record, ReadingRecorded.TYPE)).as(record)
                    .isInstanceOf(MalformedEventException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Alex").doesNotContain("Rivera"));
        }
        assertThatThrownBy(() -> EventJson.read(good.replace("\"systolic\":192", "\"systolic\":\"" + name + "\""),
                ReadingRecorded.TYPE)).hasMessage("event reading.recorded is malformed: payload.systolic is not of type Integer");
        assertThatThrownBy(() -> EventJson.read("{\"type\": " + name + "}", ReadingRecorded.TYPE))
                .hasMessageStartingWith("record is not valid JSON (line 1, column");
        assertThat(EventJson.shownType(name)).doesNotContain("Alex");
        assertThat(EventJson.shownType("reading.recorded")).isEqualTo("reading.recorded");
    }
}
