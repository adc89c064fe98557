package care.ketamine.benchmark.faults;

import care.ketamine.infrastructure.LoadBalancerConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** HAProxy in front of the run's replicas ({@link LoadBalancerConfig} says how), as a process of the run. */
final class LoadBalancer {

    private LoadBalancer() {
    }

    /** Writes the configuration and returns the process, not yet started. */
    static RunProcess of(Path work, List<LoadBalancerConfig.Frontend> frontends) throws IOException {
        Path file = work.resolve("haproxy.cfg");
        LoadBalancerConfig.write(file, frontends);
        return RunProcess.answering("haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", file.toString()),
                work.resolve("logs/haproxy.log"), "http://127.0.0.1:" + frontends.get(0).port() + LoadBalancerConfig.ALIVE);
    }
}
