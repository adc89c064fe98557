package care.ketamine.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds one OCI image per service from its packaged {@code target/quarkus-app}, as a tarball (Jib, no Docker
 * daemon). The layers go from what changes least to what changes most: third-party libraries, our own libraries,
 * Quarkus's generated start-up files, the service's classes. The image runs as uid 10001 and writes nothing but
 * {@code /tmp}, so a read-only root filesystem suits it.
 *
 * <pre>ServiceImages --base tar:///…/base.tar|registry/image:tag --repository R --tag T --out DIR --project ROOT
 *               service:httpPort:managementPort …</pre>
 */
public final class ServiceImages {

    /** Uid and gid of the service: no name needed, but the Debian base names it "app". */
    static final String USER = "10001:10001";
    static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");
    /**
     * deploy/local/service.jvm-options as shares of the container's memory limit: heap at most a third, the rest for
     * classes and metaspace, code cache and threads. JDK_JAVA_OPTIONS is read by the java launcher only, so a
     * Deployment replaces it whole by setting it.
     */
    static final String JVM_OPTIONS = "-XX:MaxRAMPercentage=33.3 -XX:InitialRAMPercentage=12.5 -XX:+UseSerialGC"
            + " -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp";

    record Service(String name, int httpPort, int managementPort) {
        static Service parse(String text) {
            String[] parts = text.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a service is name:httpPort:managementPort, not " + text);
            }
            return new Service(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<Service> services = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                services.add(Service.parse(args[i]));
            }
        }
        String base = required(options, "base");
        Path out = Files.createDirectories(Path.of(required(options, "out")));
        Path project = Path.of(required(options, "project"));
        for (Service service : services) {
            long started = System.nanoTime();
            Path image = out.resolve(service.name() + ".tar");
            String reference = required(options, "repository") + "/" + service.name() + ":" + required(options, "tag");
            System.out.printf("[images] %s: building %s from %s%n", service.name(), reference, base);
            build(service, project.resolve(service.name()).resolve("target/quarkus-app"), base, reference, image,
                    out.resolve("jib-cache"));
            System.out.printf("[images] %s: %s (%d MB) in %.1f s%n", service.name(), image,
                    Files.size(image) / (1024 * 1024), (System.nanoTime() - started) / 1e9);
        }
    }

    static void build(Service service, Path quarkusApp, String base, String reference, Path image, Path cache)
            throws Exception {
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(quarkusApp + " has no quarkus-run.jar: package " + service.name() + " first");
        }
        JibContainerBuilder builder = base.startsWith(Jib.TAR_IMAGE_PREFIX)
                ? Jib.from(TarImage.at(Path.of(base.substring(Jib.TAR_IMAGE_PREFIX.length()))))
                : Jib.from(base);
        builder.setFileEntriesLayers(
                        layer("dependencies", quarkusApp, "lib", path -> !isOurs(path)).build(),
                        layer("project-libraries", quarkusApp, "lib", ServiceImages::isOurs).build(),
                        layer("quarkus", quarkusApp, "quarkus", path -> true)
                                .addEntry(quarkusApp.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar")).build(),
                        layer("application", quarkusApp, "app", path -> true).build())
                .setFormat(ImageFormat.OCI)
                .setEntrypoint("java", "-jar", APP.resolve("quarkus-run.jar").toString())
                .setProgramArguments(List.of())
                .setUser(USER)
                .setWorkingDirectory(APP)
                .addEnvironmentVariable("JDK_JAVA_OPTIONS", JVM_OPTIONS)
                .setExposedPorts(Port.tcp(service.httpPort()), Port.tcp(service.managementPort()))
                .addLabel("org.opencontainers.image.title", service.name())
                .addLabel("org.opencontainers.image.version", reference.substring(reference.lastIndexOf(':') + 1))
                .addLabel("org.opencontainers.image.description",
                        "Remote monitoring for at-home ketamine therapy: " + service.name());
        Containerizer to = Containerizer.to(TarImage.at(image).named(reference))
                .setOfflineMode(base.startsWith(Jib.TAR_IMAGE_PREFIX))
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("application"))
                .setToolName("ketamine-service-images")
                .addEventHandler(LogEvent.class, event -> {
                    if (event.getLevel() == LogEvent.Level.ERROR || event.getLevel() == LogEvent.Level.WARN) {
                        System.out.println("[images] " + event.getLevel() + " " + event.getMessage());
                    }
                });
        builder.containerize(to);
    }

    /** Our own modules (event-contracts, service-platform) change with every commit, the rest rarely. */
    private static boolean isOurs(Path path) {
        return path.getFileName().toString().startsWith("care.ketamine.");
    }

    private static FileEntriesLayer.Builder layer(String name, Path quarkusApp, String folder, Predicate<Path> taken) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        Path root = quarkusApp.resolve(folder);
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(taken).sorted().forEach(file ->
                    layer.addEntry(file, APP.resolve(quarkusApp.relativize(file).toString().replace('\\', '/'))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return layer;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private ServiceImages() {
    }
}
