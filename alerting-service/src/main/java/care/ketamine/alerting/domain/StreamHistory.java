package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One device stream's kept readings in time order, with the one being judged among them: what a
 * rule needs to tell a value that lasted from a passing dip.
 *
 * @param preDoseSpo2 the session's SpO2 before the dose (see {@link RecentReadings#preDoseSpo2()})
 */
public record StreamHistory(List<VitalReading> ordered, int current, Optional<Integer> preDoseSpo2) {

    /**
     * Samples of an oximeter further apart than this do not make one run: a longer gap is missing data,
     * not a value that lasted.
     */
    public static final Duration CONTINUOUS_GAP = Duration.ofSeconds(5);

    /** A run of consecutive readings outside a limit: from the first to the last, how many. */
    public record Run(Instant first, Instant last, int count) {
        public Duration span() {
            return Duration.between(first, last);
        }
    }

    public VitalReading reading() {
        return ordered.get(current);
    }

    /**
     * The run of consecutive readings outside the limit that the current reading belongs to, readings without
     * the measure skipped; on an oximeter a gap over {@link #CONTINUOUS_GAP} ends it. Empty when the
     * current reading is not outside.
     */
    public Optional<Run> run(Predicate<VitalReading> hasMeasure, Predicate<VitalReading> outside) {
        VitalReading here = reading();
        if (!hasMeasure.test(here) || !outside.test(here)) {
            return Optional.empty();
        }
        Duration maxGap = here.continuous() ? CONTINUOUS_GAP : null;
        Instant first = here.measuredAt();
        int count = 1;
        for (int i = current - 1; i >= 0; i--) {
            VitalReading r = ordered.get(i);
            if (!hasMeasure.test(r)) {
                continue;
            }
            if (!outside.test(r) || (maxGap != null && Duration.between(r.measuredAt(), first).compareTo(maxGap) > 0)) {
                break;
            }
            first = r.measuredAt();
            count++;
        }
        Instant last = here.measuredAt();
        for (int i = current + 1; i < ordered.size(); i++) {
            VitalReading r = ordered.get(i);
            if (!hasMeasure.test(r)) {
                continue;
            }
            if (!outside.test(r) || (maxGap != null && Duration.between(last, r.measuredAt()).compareTo(maxGap) > 0)) {
                break;
            }
            last = r.measuredAt();
            count++;
        }
        return Optional.of(new Run(first, last, count));
    }

    /** The latest reading before the current one, by time, that has the measure. */
    public Optional<VitalReading> previous(Predicate<VitalReading> hasMeasure) {
        for (int i = current - 1; i >= 0; i--) {
            if (hasMeasure.test(ordered.get(i))) {
                return Optional.of(ordered.get(i));
            }
        }
        return Optional.empty();
    }

    /** The reading judged alone (a rule's table test, or a reading with no history). */
    public static StreamHistory alone(VitalReading reading) {
        return new StreamHistory(List.of(reading), 0, Optional.empty());
    }
}
