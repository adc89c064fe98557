package care.ketamine.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The service's clock: it runs on the monotonic clock from an anchor, so a step of the host's wall clock
 * (an NTP step, a clock set by hand) does not move it. It is kept with the database's clock, the one
 * reference every replica shares ({@link DatabaseTime}): escalation timers and silence checks written by
 * one replica and judged by another must agree on what "now" is. Plain Java; the monotonic source is a
 * parameter so that tests can move it.
 */
public final class ServiceTime extends Clock {

    /** The monotonic reading {@code nanos} was the instant {@code at}. */
    private record Anchor(Instant at, long nanos) {
    }

    private final LongSupplier monotonicNanos;
    private volatile Anchor anchor;

    public ServiceTime(Instant start, LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
        this.anchor = new Anchor(start, monotonicNanos.getAsLong());
    }

    @Override
    public Instant instant() {
        Anchor a = anchor;
        return a.at().plusNanos(monotonicNanos.getAsLong() - a.nanos());
    }

    /**
     * Compares this clock with a reference that was {@code reference} when the monotonic clock read
     * {@code referenceNanos}, give or take {@code uncertainty}; when they differ by more than that (and at least
     * {@code tolerance}), this clock is set to the reference. Time that passed since then (a pause of the
     * caller's thread) does not count as a difference.
     *
     * @return how far this clock was ahead of the reference (negative: behind), and whether it was set
     */
    public synchronized Comparison keepWith(Instant reference, long referenceNanos, Duration uncertainty, Duration tolerance) {
        Anchor a = anchor;
        Duration ahead = Duration.between(reference, a.at().plusNanos(referenceNanos - a.nanos()));
        Duration allowed = uncertainty.compareTo(tolerance) > 0 ? uncertainty : tolerance;
        boolean set = ahead.abs().compareTo(allowed) > 0;
        if (set) {
            anchor = new Anchor(reference, referenceNanos);
        }
        return new Comparison(ahead, set);
    }

    /** {@link #keepWith(Instant, long, Duration, Duration)} with a reference read at this moment. */
    public Comparison keepWith(Instant reference, Duration uncertainty, Duration tolerance) {
        return keepWith(reference, monotonicNanos.getAsLong(), uncertainty, tolerance);
    }

    /** This clock against a reference: how far ahead it was (negative: behind), and whether it was set to it. */
    public record Comparison(Duration ahead, boolean set) {
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : new InZone(this, zone);
    }

    /** This clock's instants, told in another zone. */
    private static final class InZone extends Clock {
        private final ServiceTime time;
        private final ZoneId zone;

        InZone(ServiceTime time, ZoneId zone) {
            this.time = time;
            this.zone = zone;
        }

        @Override
        public Instant instant() {
            return time.instant();
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return time.withZone(other);
        }
    }
}
