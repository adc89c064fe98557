package care.ketamine.benchmark.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HAProxy (Debian's) in front of each service's replicas, so clients keep one address while a replica
 * dies: it sends requests only to replicas whose readiness answers, and retries a request on another
 * replica when the connection is refused (the request never reached the dead one).
 */
final class LoadBalancer {

    /** One replica: its public port and its management (health) port. */
    record Replica(int port, int managementPort) {
    }

    private LoadBalancer() {
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /** Writes the configuration for {@code frontends} (name to its port) and returns the process, not yet started. */
    static RunProcess of(Path work, Map<String, Integer> frontends, Map<String, List<Replica>> backends) throws IOException {
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
        frontends.forEach((name, port) -> {
            config.append("frontend ").append(name).append('\n')
                    .append("  bind 127.0.0.1:").append(port).append('\n')
                    .append("  monitor-uri /haproxy-alive\n")
                    .append("  default_backend ").append(name).append('\n')
                    .append("backend ").append(name).append('\n')
                    .append("  balance roundrobin\n")
                    .append("  option httpchk GET /q/health/ready\n")
                    .append("  default-server inter 1s fall 2 rise 1\n");
            List<Replica> replicas = backends.get(name);
            for (int i = 0; i < replicas.size(); i++) {
                config.append("  server ").append((char) ('a' + i)).append(" 127.0.0.1:").append(replicas.get(i).port())
                        .append(" check port ").append(replicas.get(i).managementPort()).append('\n');
            }
        });
        Path file = work.resolve("haproxy.cfg");
        Files.writeString(file, config);
        int anyPort = frontends.values().iterator().next();
        return RunProcess.answering("haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", file.toString()),
                work.resolve("logs/haproxy.log"), "http://127.0.0.1:" + anyPort + "/haproxy-alive");
    }
}
