package care.ketamine.benchmark;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A closed-loop load: {@code connections} threads, each with its own HTTP/1.1 connection, sending
 * as fast as answers come, for a warm-up and then a measured window. Latency per request in an
 * HdrHistogram (µs).
 */
final class LoadRun {

    /** What a run measured. {@code itemsPerSecond} counts readings (a batch request carries several). */
    record Result(String name, int connections, double seconds, long requests, long failures, double requestsPerSecond,
                  double itemsPerSecond, double p50Millis, double p99Millis) {
    }

    /**
     * @param request builds thread t's n-th request
     * @param itemsPerRequest readings per request (1, or the batch size)
     */
    static Result run(String name, int connections, Duration warmUp, Duration measured, int itemsPerRequest,
                      BiFunction<Integer, Long, HttpRequest> request) throws InterruptedException {
        Histogram all = new Histogram(60_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int thread = t;
            Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            Thread worker = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest next = request.apply(thread, n++);
                    long started = System.nanoTime();
                    boolean success;
                    try {
                        int status = client.send(next, HttpResponse.BodyHandlers.discarding()).statusCode();
                        success = status / 100 == 2;
                    } catch (Exception e) {
                        success = false;
                    }
                    long finished = System.nanoTime();
                    if (started >= measureFrom && finished <= end) {
                        histogram.recordValue(Math.max(1, (finished - started) / 1_000));
                        (success ? ok : failed).incrementAndGet();
                    }
                }
            }, "load-" + name + "-" + t);
            threads.add(worker);
            worker.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        histograms.forEach(all::add);
        double seconds = measured.toNanos() / 1e9;
        return new Result(name, connections, seconds, ok.get(), failed.get(), ok.get() / seconds,
                ok.get() * itemsPerRequest / seconds, all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0);
    }
}
