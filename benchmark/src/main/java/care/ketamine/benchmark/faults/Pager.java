package care.ketamine.benchmark.faults;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The paging gateway of the run: a webhook receiver on loopback that keeps every page it is sent. */
final class Pager implements AutoCloseable {

    record Page(String alertId, String sessionId, int step, String recipient, Instant at) {
    }

    private static final Pattern ALERT = Pattern.compile("\"alertId\":\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
    private static final Pattern STEP = Pattern.compile("\"escalationStep\":(\\d+)");
    private static final Pattern RECIPIENT = Pattern.compile("\"recipient\":\"([^\"]+)\"");

    private final HttpServer server;
    private final List<Page> pages = new CopyOnWriteArrayList<>();

    Pager(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/pages", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher alert = ALERT.matcher(body);
            Matcher step = STEP.matcher(body);
            if (alert.find() && step.find()) {
                Matcher session = SESSION.matcher(body);
                Matcher recipient = RECIPIENT.matcher(body);
                pages.add(new Page(alert.group(1), session.find() ? session.group(1) : "", Integer.parseInt(step.group(1)),
                        recipient.find() ? recipient.group(1) : "", Instant.now()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pages";
    }

    List<Page> pages() {
        return List.copyOf(pages);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
