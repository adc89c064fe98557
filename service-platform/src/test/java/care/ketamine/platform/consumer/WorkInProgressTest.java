package care.ketamine.platform.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Which thread has shown no progress for too long, on a clock the test moves. */
class WorkInProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final WorkInProgress work = new WorkInProgress(nanos::get);

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void shouldFindWorkThatShowedNoProgressForLongerThanTheLimitAndForgetFinishedWork() {
        Duration limit = Duration.ofMinutes(5);
        work.progressing();
        pass(Duration.ofMinutes(5));
        assertThat(work.stuckLongerThan(limit)).as("at the limit, not past it").isEmpty();

        pass(Duration.ofSeconds(1));
        assertThat(work.stuckLongerThan(limit)).hasValueSatisfying(stuck -> {
            assertThat(stuck.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(stuck.quietFor()).isEqualTo(Duration.ofMinutes(5).plusSeconds(1));
        });

        work.progressing(); // an attempt again, or another second of waiting out an outage
        assertThat(work.stuckLongerThan(limit)).isEmpty();

        pass(Duration.ofMinutes(10));
        work.finished();
        assertThat(work.stuckLongerThan(limit)).as("finished work is never stuck").isEmpty();
    }
}
