package care.ketamine.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Server-Sent Events subscriber, as a browser or curl -N would be, for tests. */
public final class EventStreamProbe implements AutoCloseable {

    private final InputStream body;
    private final BufferedReader lines;

    private EventStreamProbe(InputStream body) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** Subscribes with a bearer token; fails unless the server answers 200. */
    public static EventStreamProbe open(URI uri, String bearerToken) throws Exception {
        return open(uri, Map.of("Authorization", "Bearer " + bearerToken));
    }

    /** Subscribes with these request headers (a console's cookie, say); fails unless the server answers 200. */
    public static EventStreamProbe open(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HttpClient.newHttpClient().sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            response.body().close();
            throw new AssertionError("event stream " + uri + " answered " + response.statusCode());
        }
        return new EventStreamProbe(response.body());
    }

    /** The next {@code data:} line that contains the text, waiting at most the timeout. */
    public String awaitData(String containing, Duration timeout) throws InterruptedException {
        CompletableFuture<String> match = CompletableFuture.supplyAsync(() -> nextDataContaining(containing));
        try {
            return match.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no event containing " + containing + " within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError("event stream failed", e.getCause());
        }
    }

    /**
     * The data of the next event of this name (SSE {@code event:} field) whose data contains the text, waiting at most
     * the timeout; events of other names, or without the text, are passed over.
     */
    public String awaitEvent(String name, String containing, Duration timeout) throws InterruptedException {
        CompletableFuture<String> match = CompletableFuture.supplyAsync(() -> nextEvent(name, containing));
        try {
            return match.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + name + " event containing " + containing + " within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError("event stream failed", e.getCause());
        }
    }

    private String nextEvent(String name, String containing) {
        try {
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event.equals(name) && data.indexOf(containing) >= 0) {
                        return data.toString();
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring("data:".length()).stripLeading());
                }
            }
            throw new AssertionError("the event stream ended without a " + name + " event containing " + containing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nextDataContaining(String text) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:") && line.contains(text)) {
                    return line;
                }
            }
            throw new AssertionError("the event stream ended without an event containing " + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server ends the stream within the timeout (reading and dropping whatever comes until then). */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> end = CompletableFuture.runAsync(() -> {
            try {
                while (lines.readLine() != null) {
                    // events until the end
                }
            } catch (IOException e) {
                // a broken connection ends the stream too
            }
        });
        try {
            end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
