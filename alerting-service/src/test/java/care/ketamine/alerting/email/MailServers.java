package care.ketamine.alerting.email;

import care.ketamine.infrastructure.FreePort;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clinic's mail relay, outside the system, on one loopback port that a test fills as it needs: GreenMail (a real
 * SMTP server, with the relay's login) for mail that goes through, or a small SMTP peer of our own that answers
 * RCPT with 550 ({@link Peer#REJECTING}) or never says hello ({@link Peer#SILENT}); or nothing at all (the relay down).
 */
public class MailServers implements QuarkusTestResourceLifecycleManager {

    public static final String FROM = "pages@clinic.example";
    public static final String PASSWORD = "relay-password";
    static int port;
    private static GreenMail greenMail;
    private static ServerSocket peer;

    /** How the small peer behaves. */
    enum Peer { REJECTING, SILENT }

    @Override
    public Map<String, String> start() {
        port = FreePort.find();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("alerting.email.from", "Ketamine monitoring <" + FROM + ">");
        config.put("alerting.email.timeout", "2S");
        config.put("alerting.console-url", "https://console.clinic.example/console");
        config.put("alerting.delivery.default-plan", "sse:0,email:0");
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(port));
        config.put("quarkus.mailer.username", FROM);
        config.put("quarkus.mailer.password", PASSWORD);
        // GreenMail speaks no STARTTLS: the relay's TLS is what a real account tries (see the README).
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.keep-alive", "false");
        return config;
    }

    static GreenMail greenMail() {
        stopAll();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, FROM, PASSWORD));
        greenMail.start();
        return greenMail;
    }

    static void peer(Peer behaviour) {
        stopAll();
        try {
            peer = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = peer;
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    Thread talk = new Thread(() -> converse(socket, behaviour), "smtp-peer");
                    talk.setDaemon(true);
                    talk.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Enough of RFC 5321 for a client that sends one message: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. */
    private static void converse(Socket socket, Peer behaviour) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            if (behaviour == Peer.SILENT) {
                // Takes the connection and never greets: the client's timeout is all that ends it.
                while (in.read() >= 0) {
                    // swallow
                }
                return;
            }
            say(out, "220 relay.clinic.example ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (command) {
                    case "EHLO" -> say(out, "250-relay.clinic.example\r\n250 8BITMIME");
                    case "HELO", "MAIL", "RSET", "NOOP" -> say(out, "250 OK");
                    case "RCPT" -> say(out, "550 5.1.1 <" + line.replaceAll(".*<([^>]*)>.*", "$1") + ">: no such mailbox");
                    case "DATA" -> {
                        say(out, "354 end with .");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message, passed over
                        }
                        say(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Nothing listens on the relay's port any more. */
    static void stopAll() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
        if (peer != null) {
            try {
                peer.close();
            } catch (IOException | RuntimeException e) {
                // closed already
            }
            peer = null;
        }
    }

    @Override
    public void stop() {
        stopAll();
    }
}
