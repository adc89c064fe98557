package care.ketamine.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of HAProxy (Debian's) in front of each service's replicas on loopback, so clients keep one
 * address while a replica dies: requests go only to replicas whose readiness (on their management port) answers,
 * and a request whose connection is refused is tried on another replica (it never reached the dead one). Its
 * frontends answer {@value #ALIVE} themselves, to tell that HAProxy is up.
 *
 * <pre>java -cp "local-infrastructure.jar:lib/*" care.ketamine.infrastructure.LoadBalancerConfig haproxy.cfg \
 *     vitals=8083:18083/19083,18183/19183 alerting=8084:18084/19084,18184/19184</pre>
 */
public final class LoadBalancerConfig {

    public static final String ALIVE = "/haproxy-alive";

    /** One replica: its address, its public port and its management (health) port. */
    public record Replica(String host, int port, int managementPort) {

        /** A replica on 127.0.0.1. */
        public Replica(int port, int managementPort) {
            this("127.0.0.1", port, managementPort);
        }
    }

    /** A service as clients see it: its name, the port HAProxy listens on, and its replicas. */
    public record Frontend(String name, int port, List<Replica> replicas) {
    }

    private LoadBalancerConfig() {
    }

    public static void main(String[] args) throws IOException {
        List<Frontend> frontends = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            frontends.add(parse(args[i]));
        }
        write(Path.of(args[0]), frontends);
    }

    /** {@code name=port:replicaPort/managementPort,...} */
    static Frontend parse(String spec) {
        String[] nameAndRest = spec.split("=", 2);
        String[] portAndReplicas = nameAndRest[1].split(":", 2);
        List<Replica> replicas = new ArrayList<>();
        for (String replica : portAndReplicas[1].split(",")) {
            String[] ports = replica.split("/");
            replicas.add(new Replica(Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
        }
        return new Frontend(nameAndRest[0], Integer.parseInt(portAndReplicas[0]), replicas);
    }

    public static void write(Path file, List<Frontend> frontends) throws IOException {
        StringBuilder config = new StringBuilder("""
                global
                  maxconn 4096
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 30s
                  timeout server 30s
                  retries 3
                  option redispatch
                """);
        for (Frontend frontend : frontends) {
            config.append("frontend ").append(frontend.name()).append('\n')
                    .append("  bind 127.0.0.1:").append(frontend.port()).append('\n')
                    .append("  monitor-uri ").append(ALIVE).append('\n')
                    .append("  default_backend ").append(frontend.name()).append('\n')
                    .append("backend ").append(frontend.name()).append('\n')
                    .append("  balance roundrobin\n")
                    .append("  option httpchk GET /q/health/ready\n")
                    .append("  default-server inter 1s fall 2 rise 1\n");
            List<Replica> replicas = frontend.replicas();
            for (int i = 0; i < replicas.size(); i++) {
                config.append("  server ").append((char) ('a' + i)).append(' ').append(replicas.get(i).host()).append(':')
                        .append(replicas.get(i).port())
                        .append(" check port ").append(replicas.get(i).managementPort()).append('\n');
            }
        }
        Files.writeString(file, config);
    }
}
