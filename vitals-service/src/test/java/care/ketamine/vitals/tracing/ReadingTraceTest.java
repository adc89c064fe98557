package care.ketamine.vitals.tracing;

import care.ketamine.contracts.Topics;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reading's trace leaves vitals with it: the record on {@code vitals.observations} carries the span of its send,
 * a child of the device's request, so that alerting's evaluation and the page join the same trace.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReadingTraceTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void shouldPutTheRequestsTraceInTheHeadersOfTheRecordItSends() {
        String session = checkedIn();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        asDevice(session).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(reading("traced-1", 150, 95)).post("/sessions/{id}/readings", session)
                .then().statusCode(202);

        ConsumerRecord<String, String> sent = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> session.equals(r.key()), Duration.ofSeconds(10)).get(0);
        Header header = sent.headers().lastHeader(TraceContext.HEADER);
        assertThat(header).as("traceparent header on the record").isNotNull();
        String traceParent = new String(header.value(), StandardCharsets.UTF_8);
        assertThat(traceParent).startsWith("00-" + traceId + "-");

        // The header names the send's span, whose parent is the request's server span, in the device's trace.
        String sendSpanId = traceParent.split("-")[2];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId))
                .anySatisfy(s -> assertThat(s.getSpanId()).isEqualTo(sendSpanId)));
        SpanData send = spansOf(traceId).stream().filter(s -> s.getSpanId().equals(sendSpanId)).findFirst().orElseThrow();
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getName()).isEqualTo(Topics.VITALS_OBSERVATIONS + " publish");
        SpanData request = spansOf(traceId).stream().filter(s -> s.getSpanId().equals(send.getParentSpanId()))
                .findFirst().orElseThrow();
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getName()).isEqualTo("POST /sessions/{sessionId}/readings");
        assertThat(request.getParentSpanId()).as("the device's own span").isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void shouldSendARecordWithoutATraceOfItsOwnWhenTheRequestCarriedNone() {
        String session = checkedIn();
        asDevice(session).body(reading("untraced-1", 150, 95)).post("/sessions/{id}/readings", session)
                .then().statusCode(202);
        ConsumerRecord<String, String> sent = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> session.equals(r.key()), Duration.ofSeconds(10)).get(0);
        Header header = sent.headers().lastHeader(TraceContext.HEADER);
        assertThat(header).as("a trace begun by vitals for the request").isNotNull();
        String traceId = new String(header.value(), StandardCharsets.UTF_8).split("-")[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId))
                .extracting(SpanData::getKind).contains(SpanKind.SERVER, SpanKind.PRODUCER));
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }
}
