package care.ketamine.benchmark.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Passes TCP connections from one address to another, byte for byte. A fault run starts it on its separate
 * host, so that the replica there reaches the paging gateway at a loopback address (the only plain-http
 * address alerting-service accepts for a webhook) while the gateway listens on this machine.
 *
 * <pre>java -cp ... care.ketamine.benchmark.faults.Relay 127.0.0.1:PORT 10.231.1.5:PORT</pre>
 */
public final class Relay {

    private Relay() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress from = address(args[0]);
        InetSocketAddress to = address(args[1]);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(from);
            System.out.println("READY relay " + args[0] + " -> " + args[1]);
            while (true) {
                Socket client = server.accept();
                daemon(() -> relay(client, to));
            }
        }
    }

    private static void relay(Socket client, InetSocketAddress to) {
        try (client; Socket upstream = new Socket()) {
            upstream.connect(to, 5000);
            Thread back = daemon(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the client sees its connection end, as it would with the gateway itself
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // one side ended
        }
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "relay");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
