package care.ketamine.vitals.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A plain SSE client, as a browser's EventSource would read the stream. */
final class SseSubscriber implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final int status;
    private final CompletableFuture<Void> reading;
    private final Stream<String> body;

    SseSubscriber(String url, String token, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        body = response.body();
        reading = CompletableFuture.runAsync(() -> parse(body));
    }

    private void parse(Stream<String> lines) {
        String[] current = new String[3];
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (current[2] != null) {
                    events.add(new Event(current[0], current[1], current[2]));
                }
                current[0] = current[1] = current[2] = null;
            } else if (line.startsWith("id:")) {
                current[0] = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                current[1] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                current[2] = line.substring(5).trim();
            }
        });
    }

    List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    /** Whether the server ended the stream within the timeout. */
    boolean endsWithin(Duration timeout) {
        try {
            reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true; // the connection broke: ended too
        }
    }

    @Override
    public void close() {
        reading.cancel(true);
        body.close(); // the connection itself, so the server sees the subscriber go
    }
}
