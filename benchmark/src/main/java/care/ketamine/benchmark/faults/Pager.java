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

/**
 * The paging gateway of the run: a webhook receiver on loopback that keeps every page it is sent. Delivery is at
 * least once (a replica killed after sending, before recording it, leaves it to be sent again), so a page carries
 * its X-Notification-Id, by which a gateway keeps a page sent twice once.
 */
final class Pager implements AutoCloseable {

    record Page(String notificationId, String alertId, String sessionId, int step, String recipient, String rule, Instant at) {
    }

    private static final Pattern ALERT = Pattern.compile("\"alertId\":\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
    private static final Pattern STEP = Pattern.compile("\"escalationStep\":(\\d+)");
    private static final Pattern RECIPIENT = Pattern.compile("\"recipient\":\"([^\"]+)\"");
    private static final Pattern RULE = Pattern.compile("\"rule\":\"([^\"]+)\"");

    private final List<HttpServer> servers = new java.util.ArrayList<>();
    private final int port;
    private final List<Page> pages = new CopyOnWriteArrayList<>();

    /** Listening on {@code port} of 127.0.0.1 and of each of {@code alsoAt} (a separate host's way to it). */
    Pager(int port, List<String> alsoAt) throws IOException {
        this.port = port;
        List<String> addresses = new java.util.ArrayList<>(List.of("127.0.0.1"));
        addresses.addAll(alsoAt);
        for (String address : addresses) {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.createContext("/pages", this::take);
            server.start();
            servers.add(server);
        }
    }

    private void take(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher alert = ALERT.matcher(body);
        Matcher step = STEP.matcher(body);
        if (alert.find() && step.find()) {
            Matcher session = SESSION.matcher(body);
            Matcher recipient = RECIPIENT.matcher(body);
            Matcher rule = RULE.matcher(body);
            pages.add(new Page(String.valueOf(exchange.getRequestHeaders().getFirst("X-Notification-Id")), alert.group(1),
                    session.find() ? session.group(1) : "", Integer.parseInt(step.group(1)),
                    recipient.find() ? recipient.group(1) : "", rule.find() ? rule.group(1) : "", Instant.now()));
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/pages";
    }

    /** Every page as it came, one line each, for a look after the run. */
    void write(java.nio.file.Path file) throws IOException {
        StringBuilder lines = new StringBuilder("at,notification,alert,session,step,recipient,rule\n");
        for (Page p : pages) {
            lines.append(p.at()).append(',').append(p.notificationId()).append(',').append(p.alertId()).append(',')
                    .append(p.sessionId()).append(',').append(p.step()).append(',').append(p.recipient()).append(',').append(p.rule()).append('\n');
        }
        java.nio.file.Files.writeString(file, lines);
    }

    List<Page> pages() {
        return List.copyOf(pages);
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
    }
}
