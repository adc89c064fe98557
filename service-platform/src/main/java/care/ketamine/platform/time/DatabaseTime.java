package care.ketamine.platform.time;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every 5 seconds: reads PostgreSQL's clock and keeps the {@link ServiceTime} with it, and says how far the
 * host's own clock is from it. A reading whose round trip took longer than a second is not trusted; while
 * the database cannot be reached the service keeps its monotonic time.
 */
@ApplicationScoped
public class DatabaseTime {

    /** Differences below this are left alone: a round trip on loopback or in a cluster is well under it. */
    static final Duration TOLERANCE = Duration.ofMillis(250);
    private static final Duration TRUSTED_ROUND_TRIP = Duration.ofSeconds(1);
    /** The host clock this far off the service's is worth a warning in the log (and an operator's alert). */
    private static final Duration HOST_OFF = Duration.ofSeconds(2);

    private final AgroalDataSource dataSource;
    private final ServiceTime serviceTime;
    private final HostClock host;
    private final Counter corrections;
    private final AtomicReference<Duration> serviceAhead = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> hostAhead = new AtomicReference<>(Duration.ZERO);
    private volatile boolean hostWasOff;

    public DatabaseTime(AgroalDataSource dataSource, ServiceTime serviceTime, HostClock host, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.serviceTime = serviceTime;
        this.host = host;
        this.corrections = Counter.builder("service.clock.corrections")
                .description("Times the service clock was set to the database's").register(meters);
        Gauge.builder("service.clock.offset", serviceAhead, d -> d.get().toNanos() / 1e9).baseUnit("seconds")
                .description("How far the service clock was ahead of the database's at the last check (before it was corrected)")
                .register(meters);
        Gauge.builder("service.host.clock.offset", hostAhead, d -> d.get().toNanos() / 1e9).baseUnit("seconds")
                .description("How far the host's wall clock is ahead of the service clock; the service does not follow it")
                .register(meters);
    }

    /** Before the consumers start (messaging starts at priority 1000): nothing is judged on the host's clock. */
    void atStart(@Observes @jakarta.annotation.Priority(100) StartupEvent started) {
        if (host.stepped()) {
            Log.warn("the host clock is stepped from service.clock.host-step-file: for fault runs only");
        }
        if (!check()) {
            Log.warn("service clock not compared with the database's at start: it runs on the host's clock until a check succeeds (every 5 s)");
        }
    }

    @Scheduled(every = "${service.clock.check-every:5s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void everyFewSeconds() {
        check();
    }

    /** One comparison with the database; false when it could not be made (or was not trusted). */
    public boolean check() {
        Instant database;
        long sent;
        long answered;
        // Timed around the query alone: waiting for a pooled connection is no part of the round trip.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2); // a database that does not answer must not hold the check (or the start) for good
            sent = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                answered = System.nanoTime();
                rs.next();
                database = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException | RuntimeException e) {
            Log.debugf("service clock not compared with the database's: %s", e.getMessage());
            return false;
        }
        Duration roundTrip = Duration.ofNanos(answered - sent);
        if (roundTrip.compareTo(TRUSTED_ROUND_TRIP) > 0) {
            return false;
        }
        // The database read its clock somewhere in the round trip: now it is about half a round trip later.
        ServiceTime.Comparison compared = serviceTime.keepWith(database.plus(roundTrip.dividedBy(2)), answered,
                roundTrip.dividedBy(2), TOLERANCE);
        Duration ahead = compared.ahead();
        serviceAhead.set(ahead);
        if (compared.set()) {
            corrections.increment();
            if (ahead.abs().compareTo(HOST_OFF) > 0) {
                Log.warnf("service clock set to the database's: it was %.1f s %s", Math.abs(ahead.toMillis() / 1000.0),
                        ahead.isNegative() ? "behind" : "ahead");
            }
        }
        hostOff(Duration.between(serviceTime.instant(), host.instant()));
        return true;
    }

    private void hostOff(Duration ahead) {
        hostAhead.set(ahead);
        boolean off = ahead.abs().compareTo(HOST_OFF) > 0;
        if (off && !hostWasOff) {
            Log.warnf("the host clock is %.1f s %s the database's; this service keeps the database's time",
                    Math.abs(ahead.toMillis() / 1000.0), ahead.isNegative() ? "behind" : "ahead of");
        } else if (!off && hostWasOff) {
            Log.info("the host clock agrees with the database's again");
        }
        hostWasOff = off;
    }
}
