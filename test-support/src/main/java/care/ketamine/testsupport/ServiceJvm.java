package care.ketamine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a service process is launched outside Maven (system tests, the benchmark), the same way
 * {@code deploy/local/run-local.sh} does it: the JVM options of deploy/local/service.jvm-options.
 */
public final class ServiceJvm {

    private ServiceJvm() {
    }

    /**
     * The JVM options, as a java @argfile argument, and the {@code local} profile: the explicit
     * development flag under which a service trusts the development key (TrustedKeys).
     */
    public static List<String> options() {
        return List.of("@" + file(), "-Dquarkus.profile=local");
    }

    private static Path file() {
        return DevKeys.projectRoot().resolve("deploy/local/service.jvm-options");
    }

    /** The options in the file, without its comments: what a report says the services ran with. */
    public static List<String> effectiveOptions() {
        try {
            return Files.readAllLines(file()).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment run-local.sh gives a service: fewer glibc malloc arenas. */
    public static ProcessBuilder environment(ProcessBuilder process) {
        process.environment().put("MALLOC_ARENA_MAX", "2");
        return process;
    }
}
