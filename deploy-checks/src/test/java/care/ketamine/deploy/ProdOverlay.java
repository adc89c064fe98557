package care.ketamine.deploy;

import care.ketamine.contracts.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The prod overlay rendered once, and what the project says it must hold. */
final class ProdOverlay {

    static final List<String> SERVICES = List.of("intake-service", "session-service", "vitals-service", "alerting-service");
    static final Path ROOT = Manifests.projectRoot();
    static final Manifests RENDERED = Manifests.render(ROOT.resolve("deploy/k8s/overlays/prod"));

    private ProdOverlay() {
    }

    /** Every topic in Topics.java, and every dead-letter or outgoing topic the services' configuration names. */
    static Set<String> topicsInUse() {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        channels().forEach(c -> topics.addAll(c.writes()));
        return topics;
    }

    static List<KafkaChannels> channels() {
        return SERVICES.stream().map(s -> KafkaChannels.of(ROOT, s)).toList();
    }

    static ServiceConfiguration configurationOf(String deployment) {
        if (!SERVICES.contains(deployment)) {
            throw new IllegalArgumentException("Deployment " + deployment + " is no service of this project");
        }
        return ServiceConfiguration.of(ROOT, deployment);
    }

    private static final Pattern SECRET_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|");

    /** The Secrets deploy/k8s/README.md has the platform engineer create: the first column of its "Secrets to create" table. */
    static Set<String> secretsTheReadmeLists() {
        Set<String> secrets = new TreeSet<>();
        try {
            boolean inSection = false;
            for (String line : Files.readAllLines(ROOT.resolve("deploy/k8s/README.md"))) {
                if (line.startsWith("#")) {
                    inSection = line.toLowerCase().contains("secrets to create");
                } else if (inSection) {
                    Matcher row = SECRET_ROW.matcher(line);
                    if (row.find()) {
                        secrets.add(row.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }
}
