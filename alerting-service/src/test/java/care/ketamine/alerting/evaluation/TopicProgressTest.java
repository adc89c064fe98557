package care.ketamine.alerting.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static care.ketamine.alerting.evaluation.TopicProgress.FETCH_STALENESS_MS;
import static care.ketamine.alerting.evaluation.TopicProgress.UNKNOWN_BACKLOG_MS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Up to when the evaluation has seen the topic, partition by partition. Times are milliseconds on the broker's
 * clock; a session's readings all sit in one partition, so each case asks whether a reading still waiting could be
 * taken for silence.
 */
class TopicProgressTest {

    private static final long T = 1_000_000;
    private final TopicProgress progress = new TopicProgress();

    private static TopicProgress.Position at(long next, long behindEnd) {
        return new TopicProgress.Position(next, OptionalLong.of(behindEnd), false);
    }

    private static TopicProgress.Handed record(int partition, long offset, long timestamp) {
        return new TopicProgress.Handed(partition, offset, timestamp);
    }

    /** Three partitions from offset 0, each handed one record 5 s before T, all evaluated and caught up at T. */
    private void caughtUpAt(long now) {
        for (int p = 0; p < 3; p++) {
            progress.assigned(p, 0);
        }
        progress.handed(1, List.of(record(0, 0, T - 5_000), record(1, 0, T - 5_000), record(2, 0, T - 5_000)));
        progress.evaluated(1);
        progress.positions(Map.of(0, at(1, 0), 1, at(1, 0), 2, at(1, 0)), now);
    }

    @Test
    void shouldSeeUpToAlmostNowWhenEveryPartitionHasBeenEvaluated() {
        caughtUpAt(T);
        assertThat(progress.seenUpTo(T + 200)).hasValue(T - FETCH_STALENESS_MS);
    }

    @Test
    void shouldHoldBackWhileAPollIsBeingEvaluatedAndLetGoAfter() {
        caughtUpAt(T);
        progress.handed(2, List.of(record(0, 1, T + 500), record(0, 2, T + 600)));
        progress.positions(Map.of(0, at(3, 0), 1, at(1, 0), 2, at(1, 0)), T + 8_000);
        assertThat(progress.seenUpTo(T + 8_000)).as("the poll's readings are not evaluated yet").hasValue(T + 499);

        progress.evaluated(2);
        assertThat(progress.seenUpTo(T + 8_000)).hasValue(T + 8_000 - FETCH_STALENESS_MS);
    }

    @Test
    void shouldHoldBackAPartitionAPollLeftOut() {
        caughtUpAt(T);
        // Partition 2 gets a reading at T + 1 s; the consumer fetches it, but the polls handed over hold partition 0 only.
        progress.positions(Map.of(0, at(1, 0), 1, at(1, 0), 2, at(2, 0)), T + 1_500);
        progress.handed(2, List.of(record(0, 1, T + 7_000)));
        progress.evaluated(2);
        progress.positions(Map.of(0, at(2, 0), 1, at(1, 0), 2, at(2, 0)), T + 9_000);
        assertThat(progress.seenUpTo(T + 9_000)).as("partition 2 was last caught up at T")
                .hasValue(T - FETCH_STALENESS_MS);

        progress.handed(3, List.of(record(2, 1, T + 1_000)));
        progress.evaluated(3);
        progress.positions(Map.of(0, at(2, 0), 1, at(1, 0), 2, at(2, 0)), T + 9_500);
        assertThat(progress.seenUpTo(T + 9_500)).hasValue(T + 9_500 - FETCH_STALENESS_MS);
    }

    @Test
    void shouldHoldBackAPartitionWithRecordsStillOnTheBroker() {
        caughtUpAt(T);
        // Not fetched yet: the consumer knows the end is 40 records further.
        progress.handed(2, List.of(record(1, 1, T + 3_000)));
        progress.evaluated(2);
        progress.positions(Map.of(0, at(1, 40), 1, at(2, 0), 2, at(1, 0)), T + 5_000);
        assertThat(progress.seenUpTo(T + 5_000)).hasValue(T - FETCH_STALENESS_MS);
    }

    @Test
    void shouldNotAdvanceAPausedPartitionOrOneWhoseEndIsUnknown() {
        caughtUpAt(T);
        progress.positions(Map.of(
                0, new TopicProgress.Position(1, OptionalLong.of(0), true),
                1, new TopicProgress.Position(1, OptionalLong.empty(), false),
                2, at(1, 0)), T + 6_000);
        assertThat(progress.seenUpTo(T + 6_000)).as("the ends known of partitions 0 and 1 may be stale")
                .hasValue(T - FETCH_STALENESS_MS);
    }

    @Test
    void shouldTakeTheNewestHandedRecordWhenLaterThanTheLastCatchUp() {
        caughtUpAt(T);
        progress.handed(2, List.of(record(1, 1, T + 4_000)));
        progress.evaluated(2);
        progress.positions(Map.of(0, at(1, 0), 1, at(2, 30), 2, at(1, 0)), T + 5_000);
        assertThat(progress.seenUpTo(T + 5_000)).hasValue(T + 4_000);
    }

    @Test
    void shouldHoldAJustAssignedPartitionFarBackUntilItsEndIsKnown() {
        progress.assigned(0, 120);
        assertThat(progress.seenUpTo(T)).hasValue(T - UNKNOWN_BACKLOG_MS);

        progress.positions(Map.of(0, at(120, 0)), T + 300);
        assertThat(progress.seenUpTo(T + 400)).hasValue(T + 300 - FETCH_STALENESS_MS);
    }

    @Test
    void shouldHoldABacklogFoundAtAssignmentBackUntilItsRecordsAreHandedOver() {
        progress.assigned(0, 120);
        progress.positions(Map.of(0, at(120, 500)), T);
        assertThat(progress.seenUpTo(T)).hasValue(T - UNKNOWN_BACKLOG_MS);

        progress.handed(1, List.of(record(0, 120, T - 90_000), record(0, 619, T - 20_000)));
        assertThat(progress.seenUpTo(T + 100)).as("in evaluation").hasValue(T - 90_001);
        progress.evaluated(1);
        assertThat(progress.seenUpTo(T + 200)).hasValue(T - 20_000);
    }

    @Test
    void shouldForgetARevokedPartitionAndHaveNothingToSayWithNone() {
        caughtUpAt(T);
        progress.positions(Map.of(0, at(1, 0), 1, at(1, 0), 2, at(1, 50)), T + 5_000);
        progress.revoked(2);
        assertThat(progress.seenUpTo(T + 5_000)).hasValue(T + 5_000 - FETCH_STALENESS_MS);

        progress.revoked(0);
        progress.revoked(1);
        assertThat(progress.seenUpTo(T + 5_000)).isEmpty();
    }

    @Test
    void shouldIgnoreARecordReplayedBehindWhatWasHandedOver() {
        caughtUpAt(T);
        progress.handed(2, List.of(record(0, 0, T - 5_000)));
        progress.evaluated(2);
        progress.positions(Map.of(0, at(1, 0), 1, at(1, 0), 2, at(1, 0)), T + 2_000);
        assertThat(progress.seenUpTo(T + 2_000)).hasValue(T + 2_000 - FETCH_STALENESS_MS);
    }
}
