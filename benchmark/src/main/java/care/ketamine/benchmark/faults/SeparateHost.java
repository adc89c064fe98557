package care.ketamine.benchmark.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A host of the run's own: a Linux network namespace joined to this machine by two veth pairs, on addresses the
 * run makes itself (10.231.N.0/24, nowhere else). One pair carries the Kafka traffic, the other everything
 * else (PostgreSQL, the paging gateway, HAProxy reaching the replica), so that taking the first one's link down
 * cuts the host off from the brokers alone: its packets are dropped, as in a real partition, and nothing tells
 * its clients so. Needs root and iproute2; {@link #unavailable()} says why not where they are missing.
 */
final class SeparateHost implements AutoCloseable {

    private final String namespace;
    private final int subnet;

    private SeparateHost(String namespace, int subnet) {
        this.namespace = namespace;
        this.subnet = subnet;
    }

    /** Why this machine cannot make one, if it cannot: tried by making one and removing it. */
    static Optional<String> unavailable() {
        try {
            create().close();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A new host on the first free subnet. */
    static SeparateHost create() {
        for (int subnet = 1; subnet < 250; subnet++) {
            String namespace = "ketamine-faults-" + subnet;
            if (run(List.of("ip", "netns", "add", namespace)).isPresent()) {
                continue; // taken (or not allowed: then the next try says so)
            }
            SeparateHost host = new SeparateHost(namespace, subnet);
            // Gone with the run, even one stopped by a signal or a test's timeout.
            Runtime.getRuntime().addShutdownHook(new Thread(host::close, "remove-" + namespace));
            try {
                host.join("k", 1);
                host.join("r", 5);
                host.inside("ip", "link", "set", "lo", "up");
                return host;
            } catch (RuntimeException e) {
                host.close();
                throw e;
            }
        }
        String why = run(List.of("ip", "netns", "add", "ketamine-faults-probe")).orElse("no free subnet in 10.231.1-249");
        run(List.of("ip", "netns", "del", "ketamine-faults-probe"));
        throw new IllegalStateException("cannot make a network namespace: " + why);
    }

    /** A veth pair {@code kind}: this machine's end at .{@code first}, the host's at .{@code first + 1} (a /30). */
    private void join(String kind, int first) {
        String outer = link(kind, "h");
        String inner = link(kind, "n");
        must("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
        must("ip", "link", "set", inner, "netns", namespace);
        must("ip", "addr", "add", address(first) + "/30", "dev", outer);
        must("ip", "link", "set", outer, "up");
        inside("ip", "addr", "add", address(first + 1) + "/30", "dev", inner);
        inside("ip", "link", "set", inner, "up");
    }

    private String link(String kind, String end) {
        return "kf" + kind + subnet + end;
    }

    private String address(int last) {
        return "10.231." + subnet + "." + last;
    }

    /** This machine's address on the Kafka link: the brokers serve the host there. */
    String kafkaSide() {
        return address(1);
    }

    /** The host's address on the Kafka link, from which the brokers see its connections. */
    String kafkaClientAddress() {
        return address(2);
    }

    /** This machine's address on the other link: PostgreSQL and the paging gateway serve the host there. */
    String machineSide() {
        return address(5);
    }

    /** The host's own address, where this machine reaches what runs on it. */
    String address() {
        return address(6);
    }

    /** {@code command}, run on the host. */
    List<String> onIt(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Drops everything between the host and the brokers (both ways) until {@link #rejoinKafka()}. */
    void cutFromKafka() {
        must("ip", "link", "set", link("k", "h"), "down");
    }

    void rejoinKafka() {
        must("ip", "link", "set", link("k", "h"), "up");
    }

    /** Removes the namespace and both pairs; again is harmless. */
    @Override
    public void close() {
        // Deleting the namespace deletes its ends of the pairs, and with them this machine's.
        run(List.of("ip", "netns", "del", namespace));
        run(List.of("ip", "link", "del", link("k", "h")));
        run(List.of("ip", "link", "del", link("r", "h")));
    }

    private void inside(String... command) {
        must(onIt(List.of(command)).toArray(String[]::new));
    }

    private static void must(String... command) {
        run(List.of(command)).ifPresent(error -> {
            throw new IllegalStateException(String.join(" ", command) + ": " + error);
        });
    }

    /** Runs a command; what it said when it failed, nothing when it did not. */
    private static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // iproute2 says a line at most: it fits the pipe, so waiting first cannot block on it.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("did not finish within 30 s");
            }
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? Optional.empty() : Optional.of(said.isEmpty() ? "exit " + process.exitValue() : said);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
