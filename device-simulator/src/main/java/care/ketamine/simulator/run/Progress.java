package care.ketamine.simulator.run;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What the simulation has done so far, shared by every session it drives, and the line printed
 * while it runs: sessions by state, readings per second, check-ins, alerts raised and acknowledged.
 */
public final class Progress {

    private final Clock clock;
    private final Instant started;
    private final Map<Integer, String> states = new ConcurrentHashMap<>();
    private final Map<String, String> alertsRaised = new ConcurrentHashMap<>();
    private final Map<String, String> alertsAcknowledged = new ConcurrentHashMap<>();
    final AtomicLong readingsAccepted = new AtomicLong();
    final AtomicLong readingsRefused = new AtomicLong();
    final AtomicLong readingsRetried = new AtomicLong();
    final AtomicLong checkIns = new AtomicLong();
    final AtomicLong missedOnPurpose = new AtomicLong();
    private final AtomicLong slowestUploadMillis = new AtomicLong();
    private long readingsAtLastLine;
    private Instant lastLine;

    Progress(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.lastLine = started;
    }

    void state(int session, String state) {
        states.put(session, state);
    }

    /** @return true the first time this alert is seen */
    boolean raised(String alertId, String rule) {
        return alertsRaised.putIfAbsent(alertId, rule) == null;
    }

    void uploaded(Duration took) {
        slowestUploadMillis.accumulateAndGet(took.toMillis(), Math::max);
    }

    /** The slowest device upload so far (a device waits for it; a stalled upload reads as a silent device). */
    public Duration slowestUpload() {
        return Duration.ofMillis(slowestUploadMillis.get());
    }

    void acknowledged(String alertId, String rule) {
        alertsAcknowledged.put(alertId, rule);
    }

    boolean wasAcknowledged(String alertId) {
        return alertsAcknowledged.containsKey(alertId);
    }

    /** e.g. {@code [01:05] sessions 2 MONITORING, 1 COMPLETED | readings 14.5/s (812 accepted) | check-ins 9 | alerts 2 raised, 1 acknowledged} */
    synchronized String line() {
        Instant now = clock.instant();
        long readings = readingsAccepted.get();
        double seconds = Math.max(0.001, Duration.between(lastLine, now).toMillis() / 1000.0);
        double perSecond = (readings - readingsAtLastLine) / seconds;
        readingsAtLastLine = readings;
        lastLine = now;
        long elapsed = Duration.between(started, now).toSeconds();
        String byState = new TreeMap<>(states.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())))
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "[%02d:%02d] sessions %s | readings %.1f/s (%d accepted%s%s, slowest upload %d ms) | "
                        + "check-ins %d | alerts %d raised, %d acknowledged", elapsed / 60, elapsed % 60, byState, perSecond, readings,
                readingsRefused.get() > 0 ? ", " + readingsRefused.get() + " refused" : "",
                readingsRetried.get() > 0 ? ", " + readingsRetried.get() + " sent again" : "", slowestUploadMillis.get(),
                checkIns.get(), alertsRaised.size(), alertsAcknowledged.size());
    }

    void print(PrintStream out) {
        out.println(line());
    }

    public Map<String, String> alertsRaised() {
        return Map.copyOf(alertsRaised);
    }

    public Map<String, String> alertsAcknowledged() {
        return Map.copyOf(alertsAcknowledged);
    }

    public long readingsAccepted() {
        return readingsAccepted.get();
    }

    public long readingsRefused() {
        return readingsRefused.get();
    }

    public long checkIns() {
        return checkIns.get();
    }
}
