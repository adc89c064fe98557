package care.ketamine.platform.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The recipe of a batch consumer whose records can be applied in any grouping (a projection): the poll's
 * records are read, and applied together in one transaction; a record that cannot be read is parked alone.
 * When the poll cannot be applied together for a reason other than the database, each record is tried alone,
 * and only one that still fails is parked. A database outage is waited out ({@link RetryingTransaction}) and
 * parks nothing: should the service stop during it, the failure fails the channel before the offsets are committed.
 * One transaction a poll instead of one a record is what lets a projection keep up with a 1 Hz oximeter per
 * patient.
 */
public final class PollTogether {

    private PollTogether() {
    }

    /**
     * @param read          a record's item, empty for a record this consumer passes over; throws for one it cannot read
     * @param applyTogether applies items in the transaction it is called in
     * @param consumer      the consumer's group, for the dead-letter header
     */
    public static <T> void apply(Iterable<ConsumerRecord<String, String>> poll, Function<String, Optional<T>> read,
                                 Consumer<List<T>> applyTogether, DeadLetters deadLetters, String consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<T> items = new ArrayList<>();
        for (ConsumerRecord<String, String> record : poll) {
            try {
                read.apply(record.value()).ifPresent(item -> {
                    records.add(record);
                    items.add(item);
                });
            } catch (RuntimeException unreadable) {
                deadLetters.park(record, consumer, unreadable);
            }
        }
        if (items.isEmpty()) {
            return;
        }
        try {
            RetryingTransaction.run(() -> applyTogether.accept(items));
        } catch (RuntimeException together) {
            if (RetryingTransaction.notTheRecordsFault(together)) {
                throw together;
            }
            for (int i = 0; i < items.size(); i++) {
                List<T> alone = List.of(items.get(i));
                try {
                    RetryingTransaction.run(() -> applyTogether.accept(alone));
                } catch (RuntimeException failed) {
                    if (RetryingTransaction.notTheRecordsFault(failed)) {
                        throw failed;
                    }
                    deadLetters.park(records.get(i), consumer, failed);
                }
            }
        }
    }
}
