package care.ketamine.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LoadBalancerConfigTest {

    @TempDir
    Path folder;

    @Test
    void shouldSendEachServiceToItsReadyReplicasAndRetryARefusedConnectionElsewhere() throws Exception {
        Path file = folder.resolve("haproxy.cfg");
        LoadBalancerConfig.main(new String[]{file.toString(), "vitals=8083:18083/19083,18183/19183", "alerting=8084:18084/19084"});

        String config = Files.readString(file);
        assertThat(config).contains("bind 127.0.0.1:8083", "server a 127.0.0.1:18083 check port 19083",
                "server b 127.0.0.1:18183 check port 19183", "bind 127.0.0.1:8084", "server a 127.0.0.1:18084 check port 19084",
                "option httpchk GET /q/health/ready", "option redispatch", "monitor-uri /haproxy-alive");
        assertThat(config).doesNotContain("server b 127.0.0.1:18084");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "HAProxy is not installed: its own check skipped");
        Process check = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void shouldReadTheFrontendsAsTheScriptsWriteThem() {
        assertThat(LoadBalancerConfig.parse("vitals=8083:18083/19083,18183/19183")).isEqualTo(new LoadBalancerConfig.Frontend(
                "vitals", 8083, List.of(new LoadBalancerConfig.Replica(18083, 19083), new LoadBalancerConfig.Replica(18183, 19183))));
    }

    @Test
    void shouldReachAReplicaOnAnotherHostAtItsAddress() throws Exception {
        Path file = folder.resolve("haproxy.cfg");
        LoadBalancerConfig.write(file, List.of(new LoadBalancerConfig.Frontend("alerting", 8084, List.of(
                new LoadBalancerConfig.Replica(18084, 19084), new LoadBalancerConfig.Replica("10.231.1.6", 18184, 19184)))));

        assertThat(Files.readString(file)).contains("server a 127.0.0.1:18084 check port 19084",
                "server b 10.231.1.6:18184 check port 19184");
    }
}
