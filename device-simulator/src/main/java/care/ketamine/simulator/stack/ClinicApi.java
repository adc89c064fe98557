package care.ketamine.simulator.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The four services' public HTTP APIs, as a device, a sitter's phone or a member of staff calls
 * them: JSON bodies, a bearer token, the answer's status and JSON.
 */
public final class ClinicApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackAddresses stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ClinicApi(StackAddresses stack) {
        this.stack = stack;
    }

    /** A service's answer. {@code body} is a MissingNode when it was empty or not JSON. */
    public record Answer(int status, JsonNode body, String raw) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public String text(String field) {
            return body.path(field).asText(null);
        }

        /** The problem+json detail (or the raw body) for a message. */
        public String problem() {
            JsonNode detail = body.path("detail");
            return status + " " + (detail.isMissingNode() ? raw : detail.asText());
        }
    }

    public Answer post(String url, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(write(body))), token);
    }

    public Answer put(String url, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(write(body))), token);
    }

    public Answer get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    /** The answer when it is 2xx; otherwise an error naming the call ({@code what}) and the problem. */
    public Answer require(String what, Answer answer) {
        if (!answer.ok()) {
            throw new StackRefused(what + " was refused: " + answer.problem());
        }
        return answer;
    }

    public StackAddresses stack() {
        return stack;
    }

    private Answer send(HttpRequest.Builder request, String token) {
        request.timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json").header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            return new Answer(0, MissingNode.getInstance(), "unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, MissingNode.getInstance(), "interrupted");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call the stack refused where the simulation cannot go on without it. */
    public static final class StackRefused extends RuntimeException {
        public StackRefused(String message) {
            super(message);
        }
    }
}
