package care.ketamine.platform.outbox;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.platform.tracing.TraceContext;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Where a use case puts the events its change produces: in the same transaction, so the change
 * and its events are committed together or not at all. {@link OutboxRelay} sends them.
 * Enabled with the build property {@code outbox.enabled=true}.
 */
@ApplicationScoped
@IfBuildProperty(name = "outbox.enabled", stringValue = "true")
public class Outbox {

    private final Clock clock;
    private final Event<Appended> appended;

    public Outbox(Clock clock, Event<Appended> appended) {
        this.clock = clock;
        this.appended = appended;
    }

    /** Fired with every append; the relay wakes up once the transaction commits. */
    public record Appended() {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, EventEnvelope<?> event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.recordKey = event.aggregateId();
        row.eventType = event.type();
        row.payload = EventJson.write(event);
        row.createdAt = clock.instant();
        // The relay sends later, on its own thread: the row keeps the trace the change was made in.
        row.traceParent = TraceContext.currentTraceParent();
        row.persist();
        appended.fire(new Appended());
    }
}
