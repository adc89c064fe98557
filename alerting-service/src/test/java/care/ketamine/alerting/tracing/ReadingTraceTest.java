package care.ketamine.alerting.tracing;

import care.ketamine.alerting.CrisisProbe;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.Topics;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reading's trace goes on through alerting: the crisis reading is evaluated in a span of the trace its record
 * carries (vitals' send), and the page of the alert it raised is delivered in a span of that trace too, so an
 * operator sees one trace from the device's POST to the page.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReadingTraceTest {

    private static final String VITALS_SEND_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void shouldEvaluateTheReadingAndDeliverItsPageInTheTraceItWasSentIn() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String sessionId = "traced-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), "dr-traced", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);

        CrisisProbe.readingIn(sessionId, Map.of(TraceContext.HEADER, "00-" + traceId + "-" + VITALS_SEND_SPAN + "-01"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(spansOf(traceId))
                .extracting(SpanData::getName).contains("evaluate reading").anyMatch(name -> name.startsWith("page ")));
        SpanData evaluation = spansOf(traceId).stream().filter(s -> s.getName().equals("evaluate reading"))
                .findFirst().orElseThrow();
        assertThat(evaluation.getParentSpanId()).as("a child of vitals' send").isEqualTo(VITALS_SEND_SPAN);
        assertThat(spansOf(traceId)).filteredOn(s -> s.getName().startsWith("page "))
                .allSatisfy(page -> {
                    assertThat(page.getParentSpanId()).as("queued while the reading was evaluated")
                            .isEqualTo(evaluation.getSpanId());
                    assertThat(page.getAttributes().asMap().toString()).contains("notification.outcome");
                });

        // The alert's event goes out through the outbox in the same trace: its send is the evaluation's child.
        Header header = TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> sessionId.equals(r.key())
                && r.value().contains("alert.raised"), Duration.ofSeconds(10)).get(0).headers().lastHeader(TraceContext.HEADER);
        assertThat(header).as("traceparent on alert.raised").isNotNull();
        String[] traceParent = new String(header.value(), StandardCharsets.UTF_8).split("-");
        assertThat(traceParent[1]).isEqualTo(traceId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId))
                .anySatisfy(s -> assertThat(s.getSpanId()).isEqualTo(traceParent[2])));
        assertThat(spansOf(traceId)).filteredOn(s -> s.getSpanId().equals(traceParent[2])).singleElement()
                .satisfies(send -> {
                    assertThat(send.getName()).isEqualTo(Topics.ALERTS_EVENTS + " publish");
                    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
                    assertThat(send.getParentSpanId()).isEqualTo(evaluation.getSpanId());
                });
    }

    @Test
    void shouldEvaluateAReadingThatCarriesNoTraceInATraceOfItsOwn() {
        String sessionId = "untraced-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), "dr-untraced", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        long before = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("evaluate reading")
                && !s.getParentSpanContext().isValid()).count();

        CrisisProbe.readingIn(sessionId);

        await().atMost(Duration.ofSeconds(15)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("evaluate reading") && !s.getParentSpanContext().isValid()).count() > before);
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }
}
