package care.ketamine.alerting.tracing;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.outbox.OutboxEvent;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event written to the outbox in a traced request or handler is relayed in that trace: the relay's send is a
 * PRODUCER span, child of the span that was current at the write, and the record's {@code traceparent} names it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutboxTraceTest {

    @Inject
    Outbox outbox;
    @Inject
    Tracer tracer;
    @Inject
    InMemorySpanExporter spans;

    @Test
    void shouldRelayAnEventInTheTraceItWasWrittenIn() {
        String sessionId = "outbox-traced-" + UUID.randomUUID();
        EventEnvelope<AlertSnapshot> event = raised(sessionId);
        Span writer = tracer.spanBuilder("a traced handler").startSpan();
        try (Scope ignored = writer.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.append(Topics.ALERTS_EVENTS, event));
        } finally {
            writer.end();
        }
        String traceId = writer.getSpanContext().getTraceId();

        String traceParent = traceParentOf(awaitRecord(sessionId));
        assertThat(traceParent).startsWith("00-" + traceId + "-");
        String sendSpanId = traceParent.split("-")[2];
        assertThat(sendSpanId).as("the relay's own span, not the writer's").isNotEqualTo(writer.getSpanContext().getSpanId());
        SpanData send = awaitSpan(sendSpanId);
        assertThat(send.getTraceId()).isEqualTo(traceId);
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getName()).isEqualTo(Topics.ALERTS_EVENTS + " publish");
        assertThat(send.getParentSpanId()).as("the span current at the write").isEqualTo(writer.getSpanContext().getSpanId());
        assertThat(send.getAttributes().asMap().toString()).contains(event.eventId().toString());
    }

    @Test
    void shouldRelayARowThatKeptNoTraceInATraceOfItsOwn() {
        // Written with no span current (a timer, tracing off when it was written), and a value that is no traceparent.
        String untraced = "outbox-untraced-" + UUID.randomUUID();
        String garbled = "outbox-garbled-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.append(Topics.ALERTS_EVENTS, raised(untraced));
            OutboxEvent row = row(raised(garbled));
            row.traceParent = "not a traceparent";
            row.persist();
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find("recordKey", untraced)
                .firstResult().traceParent)).as("nothing current at the write").isNull();

        for (String sessionId : List.of(untraced, garbled)) {
            SpanData send = awaitSpan(traceParentOf(awaitRecord(sessionId)).split("-")[2]);
            assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(send.getParentSpanContext().isValid()).as("a trace of its own").isFalse();
        }
    }

    private static ConsumerRecord<String, String> awaitRecord(String sessionId) {
        return TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> sessionId.equals(r.key()), Duration.ofSeconds(10)).get(0);
    }

    private static String traceParentOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(TraceContext.HEADER);
        assertThat(header).as("traceparent header on the record").isNotNull();
        assertThat(record.headers().headers(TraceContext.HEADER)).as("one traceparent, the relay's").hasSize(1);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private SpanData awaitSpan(String spanId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getSpanId().equals(spanId)));
        return spans.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(spanId)).findFirst().orElseThrow();
    }

    private static EventEnvelope<AlertSnapshot> raised(String sessionId) {
        Instant now = Instant.now();
        return EventEnvelope.wrap(AlertSnapshot.RAISED, sessionId, new AlertSnapshot(UUID.randomUUID(), sessionId,
                "patient-" + sessionId, "dr-outbox", "TEST_RULE", "WARNING", "OPEN", "a test alert", "1", "1", 1, 0,
                now, now, 0, null, null, null, null, null, null, 1), Clock.systemUTC());
    }

    private static OutboxEvent row(EventEnvelope<?> event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = Topics.ALERTS_EVENTS;
        row.recordKey = event.aggregateId();
        row.eventType = event.type();
        row.payload = EventJson.write(event);
        row.createdAt = Instant.now();
        return row;
    }
}
