package care.ketamine.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port nobody listens on right now, for infrastructure started by tests. Taken below the kernel's
 * ephemeral range (Linux's ip_local_port_range, 32768 and up by default): a port the kernel handed out (bind to 0)
 * could be taken again, before the service binds it, as the local end of any outgoing connection (the brokers'
 * clients open many); one outside that range is only ever taken by someone binding it on purpose. A port is handed
 * out once per JVM, so two asked for at once (a service's HTTP and management ports) never coincide.
 */
public final class FreePort {

    static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int find() {
        int aboveHighest = ephemeralRangeStart();
        for (int tries = 0; tries < 500; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, aboveHighest);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(port)) {
                    return socket.getLocalPort();
                }
            } catch (IOException taken) {
                // another one
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port between " + LOWEST + " and " + aboveHighest));
    }

    /** Where the kernel's ephemeral ports begin: Linux's setting where it can be read, its default otherwise. */
    static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : 32_768;
        } catch (IOException | RuntimeException unknown) {
            return 32_768;
        }
    }
}
