package care.ketamine.benchmark.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When each fault of a run strikes: in the order given, each at a seeded random moment of its own share of
 * the run, so that a seed names a run and faults never overlap (the cluster loses at most one broker at a
 * time). The first fifth of the run is fault-free (a baseline) and so is its last quarter (time to recover
 * and for escalations to fire).
 */
public record FaultPlan(List<Fault> faults) {

    public enum Kind {
        KILL_VITALS_REPLICA("kill -9 a vitals-service replica"),
        KILL_ALERTING_REPLICA("kill -9 an alerting-service replica"),
        KILL_SESSION_SERVICE("kill -9 session-service"),
        KILL_VITALS_LEADER_BROKER("kill -9 the broker leading most vitals.observations partitions"),
        KILL_SECOND_BROKER("kill -9 another broker"),
        RESTART_POSTGRES("restart PostgreSQL"),
        STEP_ALERTING_CLOCK("step an alerting-service replica's host clock 2 minutes ahead"),
        CUT_ALERTING_REPLICA_FROM_BROKERS("cut an alerting-service replica off from the brokers (network partition)"),
        POSTGRES_LONG_OUTAGE("PostgreSQL down for longer than 10 minutes");

        public final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** How long a partition lasts. */
    public static final Duration PARTITION = Duration.ofSeconds(60);
    /** How long the database is down in the long-outage run: past the 10 minutes that once ended the wait. */
    public static final Duration LONG_OUTAGE = Duration.ofMinutes(11);

    /** A fault at {@code at} into the run; what it stopped starts again {@code pause} later. */
    public record Fault(Kind kind, Duration at, Duration pause) {
    }

    /** Every fault of the full run, in the order they strike. */
    public static final List<Kind> FULL = List.of(Kind.STEP_ALERTING_CLOCK, Kind.KILL_VITALS_REPLICA, Kind.KILL_VITALS_LEADER_BROKER,
            Kind.KILL_ALERTING_REPLICA, Kind.RESTART_POSTGRES, Kind.CUT_ALERTING_REPLICA_FROM_BROKERS, Kind.KILL_SESSION_SERVICE,
            Kind.KILL_SECOND_BROKER);

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    public static FaultPlan of(List<Kind> kinds, Duration run, long seed) {
        if (kinds.isEmpty()) {
            return new FaultPlan(List.of());
        }
        Duration start = run.dividedBy(5);
        Duration span = run.minus(run.dividedBy(4)).minus(start);
        // Down for a third of an even share of the span, 10 to 30 s: long enough to matter, short enough to come back.
        Duration pause = clamp(span.dividedBy(kinds.size()).dividedBy(3), Duration.ofSeconds(10), Duration.ofSeconds(30));
        // A clock stays stepped longer, up to a minute: long enough for silence checks and escalation steps to run on it.
        Duration stepped = clamp(span.dividedBy(kinds.size()).multipliedBy(2).dividedBy(3), pause, Duration.ofSeconds(60));
        List<Duration> down = kinds.stream().map(kind -> switch (kind) {
            case CUT_ALERTING_REPLICA_FROM_BROKERS -> PARTITION;
            case STEP_ALERTING_CLOCK -> stepped;
            default -> pause;
        }).toList();
        // What is left between the faults, shared evenly: each fault strikes in the first half of its share.
        Duration gap = down.stream().reduce(span, Duration::minus).dividedBy(kinds.size());
        if (gap.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException(kinds.size() + " faults need a longer run than " + run.toSeconds()
                    + " s (10 s between them at least)");
        }
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        Duration slot = start;
        for (int i = 0; i < kinds.size(); i++) {
            Duration at = slot.plusMillis((long) (random.nextDouble() * gap.toMillis() / 2));
            faults.add(new Fault(kinds.get(i), at, down.get(i)));
            slot = slot.plus(gap).plus(down.get(i));
        }
        return new FaultPlan(faults);
    }

    /**
     * The long outage alone: PostgreSQL down for {@link #LONG_OUTAGE} a minute into the run, which must leave
     * two minutes after it for the system to catch up under load.
     */
    public static FaultPlan longOutage(Duration run) {
        Duration at = Duration.ofMinutes(1);
        if (run.compareTo(at.plus(LONG_OUTAGE).plusMinutes(2)) < 0) {
            throw new IllegalArgumentException("the long outage needs a run of " + at.plus(LONG_OUTAGE).plusMinutes(2).toMinutes()
                    + " minutes at least, not " + run.toMinutes());
        }
        return new FaultPlan(List.of(new Fault(Kind.POSTGRES_LONG_OUTAGE, at, LONG_OUTAGE)));
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
