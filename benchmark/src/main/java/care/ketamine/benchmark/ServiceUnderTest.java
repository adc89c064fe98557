package care.ketamine.benchmark;

import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.ServiceJvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A packaged service run as its own process for the benchmark, with its CPU time and RSS read from /proc. */
final class ServiceUnderTest implements AutoCloseable, Usage.Measured {

    final String name;
    final int port;
    /** Health and metrics: the management interface, not the public port. */
    final int managementPort;
    final Path log;
    final long startupMillis;
    private final Process process;
    /** Every process started, so that Ctrl-C on the benchmark stops them too. */
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroy), "stop-services"));
    }

    private ServiceUnderTest(String name, int port, int managementPort, Path log, Process process, long startupMillis) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
        this.startupMillis = startupMillis;
    }

    static ServiceUnderTest start(String name, String kafka, int postgresPort, Path logs, List<String> extra) throws Exception {
        Path root = DevKeys.projectRoot();
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        int port = FreePort.find();
        int managementPort = FreePort.find();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ServiceJvm.options());
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort,
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dpostgres.host=127.0.0.1", "-Dpostgres.port=" + postgresPort,
                "-Djwt.public-key.location=" + DevKeys.publicKey().toUri(),
                "-Djwt.private-key.location=" + DevKeys.privateKey().toUri(),
                "-Dquarkus.log.level=WARN"));
        command.addAll(extra);
        command.addAll(List.of("-jar", jar.toString()));
        Path log = logs.resolve(name + ".log");
        long started = System.nanoTime();
        Process process = ServiceJvm.environment(new ProcessBuilder(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        STARTED.add(process);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after 120 s; see " + log);
            }
            Thread.sleep(100);
        }
        return new ServiceUnderTest(name, port, managementPort, log, process, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Health and metrics, e.g. managementUrl("/q/metrics"). */
    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** CPU seconds (user + system) used so far, from /proc/PID/stat (clock ticks of 1/100 s). */
    @Override
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Resident set size in MB, from /proc/PID/status. */
    @Override
    public double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
