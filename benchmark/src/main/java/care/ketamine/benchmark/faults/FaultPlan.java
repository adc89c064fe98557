package care.ketamine.benchmark.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When each fault of a run strikes: one fault per equal slot of the run, in the order given, at a
 * seeded random moment of its slot, so that a seed names a run and faults never overlap (the
 * cluster loses at most one broker at a time). The first fifth of the run is fault-free (a baseline)
 * and so is its last quarter (time to recover and for escalations to fire).
 */
public record FaultPlan(List<Fault> faults) {

    public enum Kind {
        KILL_VITALS_REPLICA("kill -9 a vitals-service replica"),
        KILL_ALERTING_REPLICA("kill -9 an alerting-service replica"),
        KILL_SESSION_SERVICE("kill -9 session-service"),
        KILL_VITALS_LEADER_BROKER("kill -9 the broker leading most vitals.observations partitions"),
        KILL_SECOND_BROKER("kill -9 another broker"),
        RESTART_POSTGRES("restart PostgreSQL");

        public final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** A fault at {@code at} into the run; what it stopped starts again {@code pause} later. */
    public record Fault(Kind kind, Duration at, Duration pause) {
    }

    /** Every fault of the full run, in the order they strike. */
    public static final List<Kind> FULL = List.of(Kind.KILL_VITALS_REPLICA, Kind.KILL_VITALS_LEADER_BROKER,
            Kind.KILL_ALERTING_REPLICA, Kind.RESTART_POSTGRES, Kind.KILL_SESSION_SERVICE, Kind.KILL_SECOND_BROKER);

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    public static FaultPlan of(List<Kind> kinds, Duration run, long seed) {
        if (kinds.isEmpty()) {
            return new FaultPlan(List.of());
        }
        Duration start = run.dividedBy(5);
        Duration end = run.minus(run.dividedBy(4));
        Duration slot = end.minus(start).dividedBy(kinds.size());
        if (slot.compareTo(Duration.ofSeconds(20)) < 0) {
            throw new IllegalArgumentException(kinds.size() + " faults need a longer run than " + run.toSeconds()
                    + " s (20 s each at least)");
        }
        // Down for a third of the slot, 10 to 30 s: long enough to matter, short enough to come back in the slot.
        Duration pause = clamp(slot.dividedBy(3), Duration.ofSeconds(10), Duration.ofSeconds(30));
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            long latest = slot.minus(pause).toMillis() / 2;
            Duration at = start.plus(slot.multipliedBy(i)).plusMillis((long) (random.nextDouble() * latest));
            faults.add(new Fault(kinds.get(i), at, pause));
        }
        return new FaultPlan(faults);
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
