package care.ketamine.system;

import care.ketamine.benchmark.faults.FaultPlan.Kind;
import care.ketamine.benchmark.faults.FaultRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault run's short version with a fixed seed: the broker leading most vitals.observations partitions
 * killed with SIGKILL, an alerting replica killed, PostgreSQL restarted, under load on the three-broker
 * cluster with two replicas of vitals and alerting behind HAProxy. Nothing taken may be lost or
 * duplicated; every crisis pages each escalation step once (deploy/local/chaos is the full run).
 */
class FaultRunIT {

    @Test
    void shouldLoseAndDuplicateNothingWhileABrokerAnAlertingReplicaAndTheDatabaseGoDown() throws Exception {
        Path work = Files.createDirectories(Path.of("target/fault-run"));
        FaultRun.Options options = new FaultRun.Options(2, 7, 30, 30,
                List.of(Kind.KILL_VITALS_LEADER_BROKER, Kind.KILL_ALERTING_REPLICA, Kind.RESTART_POSTGRES), work);

        boolean passed = FaultRun.run(options);

        String report = Files.readString(work.resolve("report.md"));
        assertThat(report).as("every fault struck and its target came back")
                .contains("| kill -9 the broker leading most vitals.observations partitions | kafka-")
                .contains("| kill -9 an alerting-service replica | alerting-service-a |")
                .contains("| restart PostgreSQL | postgres |")
                .doesNotContain("(failed:");
        assertThat(report).contains("| crisis readings taken |");
        assertThat(passed).as(report).isTrue();
    }
}
