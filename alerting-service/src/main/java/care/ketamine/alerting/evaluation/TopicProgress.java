package care.ketamine.alerting.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far one replica's evaluation has seen {@code vitals.observations}, partition by partition, on the broker's
 * clock: every record of a partition up to the instant {@link #seenUpTo} gives has been evaluated. A session's
 * readings all go to one partition, so a device whose newest evaluated reading is older than that by more than
 * its silence limit has really been silent.
 *
 * <p>A partition is seen up to the newest record handed to the evaluation, or to the last time it was known to
 * have nothing more waiting, whichever is later: records not handed over yet (on the broker, or fetched and
 * waiting in the connector, which may fill a poll from one partition while another waits) hold it there, and so
 * does not knowing its end (paused by the connector, or not fetched yet). Records handed over but still being
 * evaluated hold it just before the oldest of them.
 *
 * <p>Offsets and instants are plain numbers: epoch milliseconds on the wall clock, as the broker stamps records.
 * Not thread-safe; {@link EvaluationLag} guards it.
 */
final class TopicProgress {

    /** A partition with records waiting of which nothing has been seen yet (just assigned, with a backlog). */
    static final long UNKNOWN_BACKLOG_MS = 60_000;
    /** The end the consumer knows comes from its latest fetch, which can be this old when the partition is idle. */
    static final long FETCH_STALENESS_MS = 1_000;

    /** One record handed to the evaluation. */
    record Handed(int partition, long offset, long timestamp) {
    }

    /** What the consumer knows of a partition: where it will fetch next, and how far behind the end that is. */
    record Position(long next, OptionalLong behindEnd, boolean paused) {
    }

    private static final class Partition {
        /** The offset after the newest record handed over, or the position at assignment. */
        long nextHanded;
        /** The broker's timestamp of the newest record handed over; -1 while none has been. */
        long newestHandedAt = -1;
        /** The offset the consumer has fetched up to, or knows the end to be: beyond nextHanded means waiting. */
        long known;
        /** The last wall-clock instant everything on the partition had been handed over; -1 while not known. */
        long caughtUpAt = -1;

        Partition(long position) {
            this.nextHanded = position;
            this.known = position;
        }

        boolean waiting() {
            return known > nextHanded;
        }
    }

    private final Map<Integer, Partition> partitions = new HashMap<>();
    /** Per poll being evaluated (by number, oldest first): per partition, the timestamp of its oldest record. */
    private final TreeMap<Long, Map<Integer, Long>> evaluating = new TreeMap<>();

    /** The partition is this replica's from {@code position} on. */
    void assigned(int partition, long position) {
        partitions.put(partition, new Partition(position));
    }

    /** Another replica evaluates the partition now; its report covers it. */
    void revoked(int partition) {
        partitions.remove(partition);
    }

    Set<Integer> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /** A poll is handed to the evaluation. */
    void handed(long poll, List<Handed> records) {
        Map<Integer, Long> oldest = new HashMap<>();
        for (Handed record : records) {
            oldest.merge(record.partition(), record.timestamp(), Math::min);
            Partition p = partitions.get(record.partition());
            if (p != null && record.offset() >= p.nextHanded) {
                p.nextHanded = record.offset() + 1;
                p.newestHandedAt = Math.max(p.newestHandedAt, record.timestamp());
                p.known = Math.max(p.known, p.nextHanded);
            }
        }
        evaluating.put(poll, oldest);
    }

    /** The poll has been evaluated (or has failed: it will be taken again, and until then it is not seen). */
    void evaluated(long poll) {
        evaluating.remove(poll);
    }

    /** What the consumer knows of its partitions, read at {@code now}. */
    void positions(Map<Integer, Position> positions, long now) {
        positions.forEach((partition, position) -> {
            Partition p = partitions.get(partition);
            if (p == null) {
                return;
            }
            p.known = Math.max(p.known, position.next());
            // A paused partition is not fetched, so the end the consumer knows of it is stale.
            if (position.paused() || position.behindEnd().isEmpty()) {
                return;
            }
            p.known = Math.max(p.known, position.next() + position.behindEnd().getAsLong());
            if (!p.waiting()) {
                p.caughtUpAt = Math.max(p.caughtUpAt, now - FETCH_STALENESS_MS);
            }
        });
    }

    /** Up to when every record of this replica's partitions has been evaluated; empty when it has none. */
    OptionalLong seenUpTo(long now) {
        long seen = Long.MAX_VALUE;
        for (Map<Integer, Long> poll : evaluating.values()) {
            for (long oldest : poll.values()) {
                seen = Math.min(seen, oldest - 1);
            }
        }
        for (Partition p : partitions.values()) {
            // Everything up to the newest record handed over has been handed over, and when the partition was last
            // caught up, everything up to then; of a partition just assigned nothing is known until its end is read.
            long handedUpTo = Math.max(p.newestHandedAt, p.caughtUpAt);
            seen = Math.min(seen, handedUpTo >= 0 ? handedUpTo : now - UNKNOWN_BACKLOG_MS);
        }
        return seen == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.min(seen, now));
    }
}
