package care.ketamine.session.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When a station stream reads its station: coalesced, never two at once, nothing asked for during a read lost. */
class RereadScheduleTest {

    private static final Duration SOON = Duration.ofMillis(50);
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger overlapping = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void shouldReadOnceForManyAsksWithinAWait() throws InterruptedException {
        RereadSchedule schedule = new RereadSchedule(executor, SOON, counted(() -> null));
        for (int i = 0; i < 50; i++) {
            schedule.within(Duration.ofMillis(200));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() == 1);
        Thread.sleep(300); // long enough for a second read, had the asks not been folded into one
        assertThat(reads).hasValue(1);
    }

    @Test
    void shouldKeepTheSoonestReadAskedFor() {
        RereadSchedule schedule = new RereadSchedule(executor, SOON, counted(() -> null));
        schedule.within(Duration.ofMinutes(5));
        schedule.within(Duration.ZERO);
        await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() == 1);
    }

    @Test
    void shouldReadAgainAfterARunningReadWhenAskedDuringIt() throws InterruptedException {
        CountDownLatch inFirstRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RereadSchedule schedule = new RereadSchedule(executor, SOON, counted(() -> {
            if (reads.get() == 1) {
                inFirstRead.countDown();
                awaitQuietly(release);
            }
            return null;
        }));
        schedule.within(Duration.ZERO);
        assertThat(inFirstRead.await(2, TimeUnit.SECONDS)).isTrue();
        // A change committed while the first read runs: that read may have missed it.
        schedule.within(SOON);
        schedule.within(Duration.ZERO);
        release.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() == 2);
        assertThat(overlapping).as("reads running at once").hasValue(0);
    }

    @Test
    void shouldReadAgainWhenAReadAsksToAfterFailing() {
        RereadSchedule schedule = new RereadSchedule(executor, SOON, counted(() -> reads.get() < 3 ? Duration.ofMillis(20) : null));
        schedule.within(Duration.ZERO);
        await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() == 3);
    }

    @Test
    void shouldReadNoMoreOnceStopped() throws InterruptedException {
        RereadSchedule schedule = new RereadSchedule(executor, SOON, counted(() -> Duration.ofMillis(20)));
        schedule.within(Duration.ofMillis(100));
        schedule.stop();
        schedule.within(Duration.ZERO);
        Thread.sleep(300); // the reads it would have made, had it not stopped
        assertThat(reads).hasValue(0);
    }

    private Supplier<Duration> counted(Supplier<Duration> read) {
        return () -> {
            if (running.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            try {
                reads.incrementAndGet();
                return read.get();
            } finally {
                running.decrementAndGet();
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
