package care.ketamine.vitals.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * One thread that takes everything waiting and hands it on as one group, so that under load many
 * requests share one database round trip (the ledger's group commit, the group screen). A group
 * holds at most {@code maxWeight} (requests, or rows); what does not fit waits for the next one.
 */
final class MicroBatcher<T> {

    private final String name;
    private final int maxWeight;
    private final ToIntFunction<T> weight;
    private final Consumer<List<T>> work;
    private final BiConsumer<List<T>, RuntimeException> failed;
    private final BlockingQueue<T> waiting = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param work   handles a group; its items' callers are answered by it
     * @param failed answers a group's callers when {@code work} threw
     */
    MicroBatcher(String name, int maxWeight, ToIntFunction<T> weight, Consumer<List<T>> work,
                  BiConsumer<List<T>, RuntimeException> failed) {
        this.name = name;
        this.maxWeight = maxWeight;
        this.weight = weight;
        this.work = work;
        this.failed = failed;
    }

    /** False when the thread is not running: the caller answers the item itself. */
    boolean offer(T item) {
        if (!running) {
            return false;
        }
        waiting.add(item);
        return true;
    }

    void start() {
        running = true;
        thread = new Thread(this::handleWhileRunning, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Handles what is still waiting, for up to 5 s. */
    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void handleWhileRunning() {
        List<T> group = new ArrayList<>();
        while (running || !waiting.isEmpty()) {
            try {
                T first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int total = weight.applyAsInt(first);
                while (total < maxWeight && waiting.peek() != null) {
                    T next = waiting.poll();
                    group.add(next);
                    total += weight.applyAsInt(next);
                }
                work.accept(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.accept(group, e);
            }
            group.clear();
        }
    }
}
