package care.ketamine.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The objects of one rendered overlay (what {@code kubectl apply -k} would send), as JSON trees. */
record Manifests(List<ObjectNode> objects) {

    private static final ObjectMapper YAML = new YAMLMapper();

    /** The project's root: the folder holding deploy/k8s, from the module's folder or the root itself. */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s/overlays"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/k8s/overlays above " + here);
    }

    /** Renders an overlay with {@code kubectl kustomize}, as the validation script and a deployment do. */
    static Manifests render(Path overlay) {
        try {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
            } catch (IOException e) {
                throw new IllegalStateException("kubectl is needed to render " + overlay + " (kubectl kustomize): " + e.getMessage(), e);
            }
            byte[] out = kubectl.getInputStream().readAllBytes();
            String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + err);
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Manifests parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(List.copyOf(objects));
    }

    Stream<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    /** A deep copy, for tests that change one object and expect a check to fail. */
    Manifests copy() {
        return new Manifests(objects.stream().map(ObjectNode::deepCopy).toList());
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
