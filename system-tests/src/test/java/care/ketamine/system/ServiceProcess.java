package care.ketamine.system;

import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.ServiceJvm;
import care.ketamine.testsupport.TestInfrastructure;

import java.io.IOException;
import java.time.Duration;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** One packaged service (target/quarkus-app) running as its own process, as in production. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final int port;
    /** Health and metrics: the management interface, not the public port. */
    final int managementPort;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String name, TestInfrastructure infrastructure) {
        return start(name, name, infrastructure, List.of());
    }

    /**
     * @param replica   names the log file, e.g. alerting-service-a
     * @param extraArgs more system properties, e.g. -Dalerting.webhook.url=...
     */
    static ServiceProcess start(String name, String replica, TestInfrastructure infrastructure, List<String> extraArgs) {
        List<String> development = new java.util.ArrayList<>(ServiceJvm.options());
        development.addAll(List.of(
                "-Djwt.public-key.location=" + DevKeys.publicKey().toUri(),
                "-Djwt.private-key.location=" + DevKeys.privateKey().toUri()));
        development.addAll(extraArgs);
        return launch(name, replica, infrastructure, development);
    }

    /** As a production deployment would start it: the prod profile, and only the settings given here. */
    static ServiceProcess startInProduction(String name, TestInfrastructure infrastructure, List<String> settings) {
        return launch(name, name + "-prod", infrastructure, settings);
    }

    private static ServiceProcess launch(String name, String replica, TestInfrastructure infrastructure, List<String> jvmArgs) {
        Path root = DevKeys.projectRoot();
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build (./mvnw verify) from the project root");
        }
        int port = FreePort.find();
        int managementPort = FreePort.find();
        try {
            // A folder per test JVM, for when several run at once.
            Path logs = Files.createDirectories(root.resolve("system-tests/target/service-logs")
                    .resolve("fork-" + (System.getProperty("test.fork", "").isBlank() ? "1" : System.getProperty("test.fork"))));
            Path log = logs.resolve(replica + ".log");
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.port=" + managementPort,
                    "-Dkafka.bootstrap.servers=" + infrastructure.kafkaBootstrapServers(),
                    "-Dpostgres.host=" + infrastructure.postgresHost(),
                    "-Dpostgres.port=" + infrastructure.postgresPort(),
                    "-Dquarkus.datasource.username=" + infrastructure.postgresUser(),
                    "-Dquarkus.datasource.password=" + infrastructure.postgresPassword()));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString()));
            Process process = ServiceJvm.environment(new ProcessBuilder(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(name, port, managementPort, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Until /q/health/ready on the management interface answers 200 (at most 180 s); fails at once when the process exits. */
    void awaitReady() {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited; see " + log, () -> !isAlive())
                .until(() -> {
                    try {
                        return given().get(managementUrl("/q/health/ready")).statusCode() == 200;
                    } catch (Exception notYet) {
                        return false;
                    }
                });
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Health and metrics, e.g. managementUrl("/q/metrics"). */
    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** Waits at most this long for the process to end; its exit code, or empty while it still runs. */
    java.util.OptionalInt awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
