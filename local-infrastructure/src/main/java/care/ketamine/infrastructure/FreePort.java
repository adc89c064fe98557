package care.ketamine.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port nobody listens on right now, for infrastructure started by tests. Taken below the kernel's
 * ephemeral range (32768 and up on Linux): a port the kernel handed out (bind to 0) could be taken again, before the
 * service binds it, as the local end of any outgoing connection (the brokers' clients open many); one outside that
 * range is only ever taken by someone binding it on purpose.
 */
public final class FreePort {

    static final int LOWEST = 20_000;
    static final int ABOVE_HIGHEST = 32_768;

    private FreePort() {
    }

    public static int find() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port between " + LOWEST + " and " + ABOVE_HIGHEST));
    }
}
