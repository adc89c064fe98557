package care.ketamine.benchmark.faults;

import care.ketamine.benchmark.faults.FaultPlan.Fault;
import care.ketamine.benchmark.faults.FaultPlan.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPlanTest {

    @ParameterizedTest(name = "{0} min, seed {1}")
    @CsvSource({"10, 1", "10, 42", "2, 7", "30, 99"})
    void shouldStrikeEveryFaultOnceInOrderWithoutOverlapInsideTheRunsMiddle(int minutes, long seed) {
        Duration run = Duration.ofMinutes(minutes);
        List<Kind> kinds = minutes == 2 ? List.of(Kind.KILL_VITALS_LEADER_BROKER, Kind.KILL_ALERTING_REPLICA,
                Kind.RESTART_POSTGRES) : FaultPlan.FULL;

        List<Fault> faults = FaultPlan.of(kinds, run, seed).faults();

        assertThat(faults).extracting(Fault::kind).containsExactlyElementsOf(kinds);
        assertThat(faults.get(0).at()).isGreaterThanOrEqualTo(run.dividedBy(5));
        Fault last = faults.get(faults.size() - 1);
        assertThat(last.at().plus(last.pause())).isLessThanOrEqualTo(run.minus(run.dividedBy(4)));
        for (int i = 1; i < faults.size(); i++) {
            Fault before = faults.get(i - 1);
            assertThat(faults.get(i).at()).as("fault %d starts after fault %d is over", i, i - 1)
                    .isGreaterThan(before.at().plus(before.pause()));
        }
        assertThat(faults).filteredOn(f -> f.kind() != Kind.STEP_ALERTING_CLOCK && f.kind() != Kind.CUT_ALERTING_REPLICA_FROM_BROKERS)
                .allSatisfy(f -> assertThat(f.pause()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(faults).filteredOn(f -> f.kind() == Kind.STEP_ALERTING_CLOCK).allSatisfy(f -> assertThat(f.pause())
                .as("a clock stays stepped longer").isBetween(Duration.ofSeconds(20), Duration.ofSeconds(60)));
        assertThat(faults).filteredOn(f -> f.kind() == Kind.CUT_ALERTING_REPLICA_FROM_BROKERS)
                .allSatisfy(f -> assertThat(f.pause()).as("a partition lasts a minute").isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void shouldNameARunBySeed() {
        Duration run = Duration.ofMinutes(10);
        assertThat(FaultPlan.of(FaultPlan.FULL, run, 5)).isEqualTo(FaultPlan.of(FaultPlan.FULL, run, 5));
        assertThat(FaultPlan.of(FaultPlan.FULL, run, 5)).isNotEqualTo(FaultPlan.of(FaultPlan.FULL, run, 6));
    }

    @Test
    void shouldRefuseARunTooShortForItsFaults() {
        assertThatThrownBy(() -> FaultPlan.of(FaultPlan.FULL, Duration.ofMinutes(2), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer run");
    }

    @Test
    void shouldKeepTheDatabaseDownLongerThanTenMinutesInTheLongOutageRun() {
        List<Fault> faults = FaultPlan.longOutage(Duration.ofMinutes(14)).faults();
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.POSTGRES_LONG_OUTAGE);
            assertThat(f.pause()).isGreaterThan(Duration.ofMinutes(10));
        });
        assertThatThrownBy(() -> FaultPlan.longOutage(Duration.ofMinutes(10))).hasMessageContaining("14 minutes at least");
    }
}
