package care.ketamine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties one service reads: its application.properties, the shared
 * microprofile-config.properties of service-platform, the names their ${...} expressions look up, and
 * the {@code @ConfigProperty} names in its own and service-platform's code. A few settings that
 * Quarkus or the Kafka connector read without any of those naming them are listed here.
 */
record ServiceConfiguration(String service, Set<String> properties) {

    /** Read by Quarkus itself or, from kafka.*, by the SmallRye Kafka connector for every channel. */
    static final Set<String> READ_BY_THE_PLATFORM = Set.of(
            "quarkus.management.host",
            "quarkus.http.proxy.proxy-address-forwarding",
            "quarkus.http.proxy.allow-x-forwarded",
            "quarkus.otel.exporter.otlp.endpoint",
            "kafka.security.protocol",
            "kafka.sasl.mechanism",
            "kafka.sasl.jaas.config",
            "kafka.ssl.truststore.type",
            "kafka.ssl.truststore.location");
    /** Environment read by the image's launcher, not by the service's configuration. */
    static final Set<String> LAUNCHER_ENVIRONMENT = Set.of("JDK_JAVA_OPTIONS");

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");

    static ServiceConfiguration of(Path root, String service) {
        Set<String> names = new HashSet<>(READ_BY_THE_PLATFORM);
        readProperties(root.resolve(service).resolve("src/main/resources/application.properties"), names);
        readProperties(root.resolve("service-platform/src/main/resources/META-INF/microprofile-config.properties"), names);
        readConfigProperties(root.resolve(service).resolve("src/main/java"), names);
        readConfigProperties(root.resolve("service-platform/src/main/java"), names);
        return new ServiceConfiguration(service, Set.copyOf(names));
    }

    /** Whether an environment variable sets one of these properties (Quarkus's mapping: upper case, _ for the rest). */
    boolean reads(String environmentVariable) {
        return LAUNCHER_ENVIRONMENT.contains(environmentVariable)
                || properties.stream().anyMatch(p -> environmentName(p).equals(environmentVariable));
    }

    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void readProperties(Path file, Set<String> names) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            // %dev,test,local.jwt.issuer sets jwt.issuer in those profiles
            names.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
            Matcher expression = EXPRESSION.matcher(properties.getProperty(key));
            while (expression.find()) {
                names.add(expression.group(1));
            }
        }
    }

    private static void readConfigProperties(Path sources, Set<String> names) {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher property = CONFIG_PROPERTY.matcher(Files.readString(file));
                while (property.find()) {
                    names.add(property.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
