package care.ketamine.platform.consumer;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The recipe of a consumer that takes one record at a time: a table of handlers, one line per event type,
 * <pre>
 * EventHandlers.forConsumer("intake-licences", deadLetterTopic, meters)
 *         .skippingRepeats(processed)
 *         .on(ClinicianUpdated.TYPE, this::clinicianUpdated);
 * </pre>
 * and every record handed to {@link #handle}. The record is read into the handler's event type; a type no handler
 * is for is passed over. The handler runs in a transaction of its own ({@link RetryingTransaction}), with the event's
 * id recorded in it when repeats are skipped ({@link ProcessedEvents}), so a redelivered event changes nothing.
 *
 * <p>A database outage is waited out, however long, and parks nothing. Should the service stop during it, the
 * failure is thrown: the channel (with {@code failure-strategy=fail}) stops before the record's offset is
 * committed, and the record is taken again when the service restarts. Only a record that can never be processed is
 * parked on the dead-letter topic ({@link DeadLetters}), and the consumer goes on with the next: one that is not a
 * readable event ({@link MalformedEventException}, not tried again), or whose handler still fails after
 * {@link RetryingTransaction#CONSUMER_ATTEMPTS} for a reason other than the database. A handler that refuses the
 * event ({@link EventRefused}) has answered it: nothing is parked. The recipe parks records itself, as
 * {@link PollTogether} does, so that a record held by an outage is never parked by the connector's own
 * dead-letter strategy, and every parked record has the same headers.
 */
public final class EventHandlers {

    private final String consumer;
    private final DeadLetters deadLetters;
    private final Map<String, Handler<?>> handlers = new HashMap<>();
    private ProcessedEvents processed;
    private Consumer<Runnable> inTransaction = RetryingTransaction::run;

    private EventHandlers(String consumer, DeadLetters deadLetters) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
    }

    /**
     * @param consumer        the consumer's group, named in the dead-letter header and the {@code events.parked} count
     * @param deadLetterTopic an outgoing channel to the topic's {@code .dlq} (acks=all)
     */
    public static EventHandlers forConsumer(String consumer, MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        return forConsumer(consumer, new DeadLetters(deadLetterTopic, meters.counter("events.parked", "consumer", consumer)));
    }

    public static EventHandlers forConsumer(String consumer, DeadLetters deadLetters) {
        return new EventHandlers(consumer, deadLetters);
    }

    /** The handler of one event type; it runs in the transaction that records the event as processed. */
    public <T> EventHandlers on(EventType<T> type, Consumer<EventEnvelope<T>> handler) {
        return onWithRecord(type, (event, record) -> handler.accept(event));
    }

    /** As {@link #on}, for a handler that also keeps the record as it came (a feed that passes events on unchanged). */
    public <T> EventHandlers onWithRecord(EventType<T> type, BiConsumer<EventEnvelope<T>, String> handler) {
        if (handlers.putIfAbsent(type.name(), new Handler<>(type, handler)) != null) {
            throw new IllegalArgumentException(consumer + " has a handler of " + type.name() + " already");
        }
        return this;
    }

    /** Records each event's id in the transaction that applies it, and skips an event seen before. */
    public EventHandlers skippingRepeats(ProcessedEvents processed) {
        this.processed = processed;
        return this;
    }

    /** How the handler's transaction is run: for tests of the recipe without a database. */
    EventHandlers inTransaction(Consumer<Runnable> inTransaction) {
        this.inTransaction = inTransaction;
        return this;
    }

    public void handle(ConsumerRecord<String, String> record) {
        try {
            Handler<?> handler = handlers.get(EventJson.typeOf(record.value()));
            if (handler != null) {
                apply(handler, record.value());
            }
        } catch (EventRefused refused) {
            Log.debugf("%s refused record %s-%d@%d: %s", consumer, record.topic(), record.partition(), record.offset(),
                    refused.getMessage());
        } catch (RuntimeException failed) {
            if (RetryingTransaction.notTheRecordsFault(failed)) {
                throw failed;
            }
            deadLetters.park(record, consumer, failed);
        }
    }

    private <T> void apply(Handler<T> handler, String record) {
        EventEnvelope<T> event = EventJson.read(record, handler.type());
        inTransaction.accept(() -> {
            if (processed == null || processed.firstDelivery(event.eventId())) {
                handler.handler().accept(event, record);
            }
        });
    }

    private record Handler<T>(EventType<T> type, BiConsumer<EventEnvelope<T>, String> handler) {
    }
}
