package care.ketamine.system;

import care.ketamine.benchmark.faults.FaultPlan.Kind;
import care.ketamine.benchmark.faults.FaultRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault run's network partition: alerting-service-b runs in a network namespace of its own, joined by veth
 * pairs, and its link to the brokers goes down for 60 s under load (its packets dropped, nothing told), while it
 * still reaches PostgreSQL and the paging gateway. Nothing taken may be lost or duplicated, every crisis pages
 * each escalation step once, and the replica consumes again afterwards. Needs root and iproute2: skipped,
 * saying why, where the machine cannot make a namespace.
 */
class PartitionIT {

    @Test
    void shouldLoseAndDuplicateNothingWhileAnAlertingReplicaIsCutOffFromTheBrokers() throws Exception {
        Optional<String> unavailable = FaultRun.partitionUnavailable();
        if (unavailable.isPresent()) {
            System.out.println("PartitionIT skipped: this machine cannot make a network namespace: " + unavailable.get());
        }
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "no network namespaces here: " + unavailable.get());
        Path work = Files.createDirectories(Path.of("target/partition-run"));
        FaultRun.Options options = new FaultRun.Options(3, 11, 30, 30, List.of(Kind.CUT_ALERTING_REPLICA_FROM_BROKERS), work);

        boolean passed = FaultRun.run(options);

        String report = Files.readString(work.resolve("report.md"));
        assertThat(report).as("the cut struck and the replica consumed again")
                .contains("alerting-service-b on a separate host")
                .contains("| cut an alerting-service replica off from the brokers (network partition) | alerting-service-b (on 10.231.")
                .doesNotContain("(failed:");
        assertThat(passed).as(report).isTrue();
    }
}
