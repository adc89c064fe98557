package care.ketamine.benchmark.faults;

import care.ketamine.testsupport.ServiceJvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One process of the fault run (a broker node, a service replica, HAProxy) that can be killed with
 * SIGKILL and started again with the same command, ports and data. Its output is appended to one log.
 */
final class RunProcess {

    private static final List<RunProcess> ALL = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(RunProcess::kill), "stop-fault-run"));
    }

    final String name;
    final Path log;
    private final List<String> command;
    private final BooleanSupplier ready;
    private volatile Process process;

    private RunProcess(String name, List<String> command, Path log, BooleanSupplier ready) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.ready = ready;
        ALL.add(this);
    }

    /** A process that is ready once its log has a line starting with {@code READY}. */
    static RunProcess printingReady(String name, List<String> command, Path log) {
        return new RunProcess(name, command, log, () -> logHasReady(log));
    }

    /** A process that is ready once {@code healthUrl} answers 200. */
    static RunProcess answering(String name, List<String> command, Path log, String healthUrl) {
        return new RunProcess(name, command, log, () -> answers(healthUrl));
    }

    RunProcess start() {
        try {
            Files.writeString(log, "=== started " + java.time.Instant.now() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = ServiceJvm.environment(new ProcessBuilder(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Waits until ready; how long that took from now. Fails at once when the process exits. */
    Duration awaitReady(Duration atMost) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + atMost.toNanos();
        while (!ready.getAsBoolean()) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + atMost.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker or the database. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private static boolean logHasReady(Path log) {
        try {
            // Only what this start wrote: the log keeps every start's output.
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0 && !lines.get(i).startsWith("=== started"); i--) {
                if (lines.get(i).startsWith("READY")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    static boolean answers(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
