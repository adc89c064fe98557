package care.ketamine.alerting;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerting's feature packages depend on one another in one direction: domain at the bottom; the projections
 * (session, contact, oncall) and audit; alert; system, escalation and notification above alert; the channels,
 * evaluation and the consumers on top. A cycle means none of its packages can be read without the others, so this
 * fails naming the cycle and the files that make it. Read from the main sources: imports and qualified names.
 */
class FeaturePackagesTest {

    private static final Path SOURCES = Path.of("src/main/java/care/ketamine/alerting");
    private static final Pattern PACKAGE = Pattern.compile("^package care\\.ketamine\\.alerting\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bcare\\.ketamine\\.alerting\\.(\\w+)\\.([\\w*]+)");
    /** Text blocks and strings are kept (a "/*" in one opens no comment); comments are dropped. */
    private static final Pattern STRING_OR_COMMENT = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|(/\\*[\\s\\S]*?\\*/|//[^\\n]*)");

    @Test
    void shouldDependOnOneAnotherWithoutACycle() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph(SOURCES);
        assertThat(graph).as("alerting's packages, read from %s", SOURCES.toAbsolutePath())
                .containsKeys("alert", "escalation", "notification", "session", "system");

        List<List<String>> cycles = cycles(graph);

        assertThat(cycles).as(describe(cycles, graph)).isEmpty();
    }

    @Test
    void shouldNameEachCycleOfAGraph() {
        Map<String, Map<String, Set<String>>> graph = Map.of(
                "alert", Map.of("domain", Set.of(), "notification", Set.of()),
                "notification", Map.of("system", Set.of()),
                "system", Map.of("alert", Set.of()),
                "escalation", Map.of("escalation", Set.of(), "alert", Set.of()),
                "domain", Map.of());

        assertThat(cycles(graph)).containsExactly(List.of("alert", "notification", "system", "alert"));
    }

    /** Package to the packages it refers to, each with the references that make the edge. */
    static Map<String, Map<String, Set<String>>> graph(Path sources) throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String source = withoutComments(Files.readString(file));
            Matcher declared = PACKAGE.matcher(source);
            if (!declared.find()) {
                continue;
            }
            String from = declared.group(1);
            Map<String, Set<String>> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
            Matcher reference = REFERENCE.matcher(source);
            while (reference.find()) {
                String to = reference.group(1);
                if (!to.equals(from)) {
                    edges.computeIfAbsent(to, p -> new TreeSet<>())
                            .add(sources.relativize(file) + " uses " + to + "." + reference.group(2));
                }
            }
        }
        return graph;
    }

    private static String withoutComments(String source) {
        return STRING_OR_COMMENT.matcher(source).replaceAll(m -> m.group(1) != null ? "" : Matcher.quoteReplacement(m.group()));
    }

    /** One cycle per edge back into the path being walked, each closed on its first package. */
    static List<List<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>(); // false while on the path being walked
        for (String start : new TreeSet<>(graph.keySet())) {
            walk(start, graph, new ArrayList<>(), done, cycles);
        }
        return cycles;
    }

    private static void walk(String at, Map<String, Map<String, Set<String>>> graph, List<String> path,
                             Map<String, Boolean> done, List<List<String>> cycles) {
        if (done.containsKey(at)) {
            return;
        }
        done.put(at, false);
        path.add(at);
        for (String next : new TreeSet<>(graph.getOrDefault(at, Map.of()).keySet())) {
            if (next.equals(at)) {
                continue;
            }
            if (Boolean.FALSE.equals(done.get(next))) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                cycle.add(next);
                cycles.add(cycle);
            } else {
                walk(next, graph, path, done, cycles);
            }
        }
        path.remove(path.size() - 1);
        done.put(at, true);
    }

    private static String describe(List<List<String>> cycles, Map<String, Map<String, Set<String>>> graph) {
        StringBuilder text = new StringBuilder("alerting's feature packages depend on each other in a cycle; break it by moving "
                + "the class to the package that owns its concept, or by declaring an interface in the lower package that "
                + "the higher one implements:");
        for (List<String> cycle : cycles) {
            text.append("\n  ").append(String.join(" -> ", cycle));
            for (int i = 0; i + 1 < cycle.size(); i++) {
                String from = cycle.get(i);
                String to = cycle.get(i + 1);
                for (String why : graph.get(from).get(to)) {
                    text.append("\n    ").append(from).append(" -> ").append(to).append(": ").append(why);
                }
            }
        }
        return text.toString();
    }
}
