package care.ketamine.infrastructure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports outside the kernel's ephemeral range, that a service can bind. */
class FreePortTest {

    @Test
    void shouldGiveABindablePortBelowTheEphemeralRange() throws IOException {
        int[] ports = IntStream.range(0, 20).map(i -> FreePort.find()).toArray();
        assertThat(ports).as("never the same port twice").doesNotHaveDuplicates();
        for (int port : ports) {
            assertThat(port).isBetween(FreePort.LOWEST, FreePort.ephemeralRangeStart() - 1);
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
