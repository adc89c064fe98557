package care.ketamine.images;

import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's image, as a container runtime would take it: its OCI archive unpacked by umoci into a root
 * filesystem and a runtime config, then the image's entrypoint run from that root filesystem (chroot, read-only,
 * /tmp a tmpfs, as the image's user) in the {@code prod} profile, configured by environment variables as the
 * Kubernetes Deployments do, against the build's real Kafka broker and PostgreSQL, until {@code /q/health/ready}
 * answers UP. Needs root (mount and chroot), umoci and skopeo: deploy/images/build --check provides them.
 */
class ServiceImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path keys;

    @BeforeAll
    static void productionKeys() throws Exception {
        keys = Files.createTempDirectory(Path.of("target"), "image-keys").toAbsolutePath();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(keys.resolve("jwt"));
        Files.createDirectories(keys.resolve("jwt-signing"));
        Files.writeString(keys.resolve("jwt/public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(keys.resolve("jwt-signing/private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        // The service's user reads them, as it would a mounted Secret.
        run(List.of("chmod", "-R", "a+rX", keys.toString()));
    }

    @AfterAll
    static void removeKeys() throws Exception {
        run(List.of("rm", "-rf", keys.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intake-service", "session-service", "vitals-service", "alerting-service"})
    void shouldRunFromItsImageAsANonRootUserOnAReadOnlyRootUntilReady(String service) throws Exception {
        Path archive = Path.of(System.getProperty("images.folder", "target/images")).resolve(service + ".tar");
        assertThat(archive).as("the image built by this module's package phase").isRegularFile();
        String reference = "ketamine/" + service + ":" + System.getProperty("images.tag", "0.1.0-SNAPSHOT");

        JsonNode config = JSON.readTree(run(List.of("skopeo", "inspect", "--config", "oci-archive:" + archive)));
        JsonNode image = config.path("config");
        assertThat(image.path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.path("Labels").path("org.opencontainers.image.version").asText())
                .isEqualTo(System.getProperty("images.tag", "0.1.0-SNAPSHOT"));
        assertThat(texts(image.path("Entrypoint"))).containsExactly("java", "-jar", "/app/quarkus-run.jar");
        assertThat(texts(image.path("Env"))).anySatisfy(env -> assertThat(env)
                .startsWith("JDK_JAVA_OPTIONS=").contains("-XX:MaxRAMPercentage=").contains("-Djava.io.tmpdir=/tmp"));
        JsonNode manifest = JSON.readTree(run(List.of("skopeo", "inspect", "oci-archive:" + archive)));
        assertThat(manifest.path("Layers")).as("the base, then dependencies, our libraries, quarkus, the application")
                .hasSize(5);

        Path bundle = Files.createTempDirectory(Path.of("target").toAbsolutePath(), service + "-bundle");
        Path layout = bundle.resolve("layout");
        Files.createDirectories(layout);
        run(List.of("tar", "-xf", archive.toAbsolutePath().toString(), "-C", layout.toString()));
        run(List.of("umoci", "unpack", "--image", layout + ":" + reference, bundle.resolve("unpacked").toString()));
        Path rootfs = bundle.resolve("unpacked/rootfs");
        JsonNode process = JSON.readTree(bundle.resolve("unpacked/config.json").toFile()).path("process");
        assertThat(process.path("user").path("uid").asInt()).isEqualTo(10001);
        assertThat(Files.getOwner(rootfs.resolve("app/quarkus-run.jar")).getName()).isEqualTo("root");
        assertThat(run(List.of("find", rootfs.toString(), "-xdev", "-type", "f", "-perm", "/6000")))
                .as("setuid or setgid programs in the image").isBlank();
        // Mount points a runtime would make: /etc/hosts, and the Secrets' folders of the Deployments.
        Files.createDirectories(rootfs.resolve("etc/ketamine/jwt"));
        Files.createDirectories(rootfs.resolve("etc/ketamine/jwt-signing"));
        if (!Files.exists(rootfs.resolve("etc/hosts"))) {
            Files.createFile(rootfs.resolve("etc/hosts"));
        }

        TestInfrastructure infrastructure = TestInfrastructure.shared();
        int http = FreePort.find();
        int management = FreePort.find();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : texts(process.path("env"))) {
            environment.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        environment.putAll(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(http),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(management),
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + infrastructure.postgresHost() + ":"
                        + infrastructure.postgresPort() + "/" + service.replace("-service", ""),
                "QUARKUS_DATASOURCE_USERNAME", infrastructure.postgresUser(),
                "QUARKUS_DATASOURCE_PASSWORD", infrastructure.postgresPassword(),
                "JWT_PUBLIC_KEY_LOCATION", "file:/etc/ketamine/jwt/public.pem",
                "JWT_ISSUER", "https://idp.clinic.example"));
        switch (service) {
            case "session-service" -> {
                environment.put("JWT_PRIVATE_KEY_LOCATION", "file:/etc/ketamine/jwt-signing/private.pem");
                // Staff sign in through the clinic's provider, read at the first sign-in: one that cannot be reached
                // (nothing answers at this address) must not stop the service starting.
                environment.put("CONSOLE_OIDC_AUTH_SERVER_URL", "https://idp.clinic.example/realms/ketamine");
                environment.put("CONSOLE_OIDC_CLIENT_ID", "ketamine-console");
                environment.put("CONSOLE_OIDC_CLIENT_SECRET", "a-secret-of-the-console-client");
                environment.put("CONSOLE_OIDC_REDIRECT_URI", "https://console.clinic.example/console/login/callback");
            }
            case "alerting-service" -> {
                environment.put("ALERTING_COMMANDS_PUBLIC_KEY_LOCATION", "file:/etc/ketamine/jwt/public.pem");
                environment.put("ALERTING_WEBHOOK_URL", "https://pager.clinic.example/hooks/ketamine");
                environment.put("ALERTING_WEBHOOK_SECRET", "a-shared-secret-of-the-paging-gateway");
            }
            default -> {
            }
        }
        // A private mount and PID namespace: the root filesystem bound read-only, /tmp a tmpfs, then the
        // image's entrypoint as the image's user in its working directory.
        String script = String.join("\n",
                "set -e",
                "r=$1; shift",
                "mount --bind \"$r\" \"$r\"",
                "mount -t proc proc \"$r/proc\"",
                "mount --rbind /dev \"$r/dev\"",
                "mount -t tmpfs -o size=64m,mode=1777 tmpfs \"$r/tmp\"",
                "mount --bind /etc/hosts \"$r/etc/hosts\"",
                "mount --bind -o ro \"" + keys.resolve("jwt") + "\" \"$r/etc/ketamine/jwt\"",
                "mount --bind -o ro \"" + keys.resolve("jwt-signing") + "\" \"$r/etc/ketamine/jwt-signing\"",
                "mount -o remount,bind,ro \"$r\"",
                "exec chroot --userspec=" + process.path("user").path("uid").asInt() + ":"
                        + process.path("user").path("gid").asInt() + " \"$r\" /usr/bin/env --chdir="
                        + process.path("cwd").asText() + " \"$@\"");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child=SIGTERM",
                "/bin/sh", "-c", script, "container", rootfs.toString()));
        command.addAll(texts(process.path("args")));
        Path log = bundle.resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process container = builder.start();
        try {
            String ready = awaitReady(container, management, log);
            assertThat(ready).contains("\"status\": \"UP\"");
            assertThat(Files.readString(log)).as("the prod profile logs JSON lines")
                    .contains("\"message\":").doesNotContain("Read-only file system");
            // As Kubernetes stops a pod: SIGTERM to the container's first process, which must end within the
            // grace period. (unshare passes no signal on, and the parent-death signal does not survive chroot's
            // change of user, so the JVM is signalled itself.)
            ProcessHandle jvm = container.toHandle().children().findFirst().orElseThrow();
            jvm.destroy();
            assertThat(jvm.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get())
                    .as("stopped within the 30 s grace period").isNotNull();
        } finally {
            container.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            container.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            run(List.of("rm", "-rf", layout.toString(), bundle.resolve("unpacked").toString()));
        }
    }

    private static String awaitReady(Process container, int management, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!container.isAlive()) {
                throw new AssertionError("the container exited with " + container.exitValue() + "; its log:\n"
                        + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within 180 s; its log:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
