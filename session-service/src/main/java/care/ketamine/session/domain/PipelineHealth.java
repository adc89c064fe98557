package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the services that carry readings to alarms are heard from: a service not heard from for
 * {@link #SILENT_AFTER}, or alerting more than {@link #BEHIND_LIMIT} behind the readings, is a warning every
 * console screen shows, saying which service and since when. Times are session-service's receive times.
 */
public final class PipelineHealth {

    public static final Duration SILENT_AFTER = Duration.ofSeconds(30);
    public static final Duration BEHIND_LIMIT = Duration.ofSeconds(10);
    public static final String VITALS = "vitals-service";
    public static final String ALERTING = "alerting-service";

    /** The services whose silence puts patients at risk, with what the warning tells staff to expect. */
    private static final Map<String, String> WATCHED = Map.of(
            VITALS, "readings from patients' devices may not be arriving",
            ALERTING, "alarms may not reach you");
    private static final Map<String, String> NAMES = Map.of(VITALS, "Vitals", ALERTING, "Alerting");

    private PipelineHealth() {
    }

    /**
     * One instance's latest heartbeat.
     *
     * @param behindSince since when it has reported a lag over {@link #BEHIND_LIMIT}; null while under it
     */
    public record Heard(String service, String instance, Instant heardAt, Double lagSeconds, Instant behindSince) {
    }

    /** What the banner says about one service. {@code problem} is SILENT or BEHIND. */
    public record Warning(String service, String problem, Instant since, Double lagSeconds, String message) {
    }

    /** The warnings for vitals and alerting now, in that order; none when both are heard and alerting keeps up. */
    public static List<Warning> warnings(Collection<Heard> heard, Instant watchingSince, Instant now) {
        List<Warning> warnings = new ArrayList<>();
        for (String service : List.of(VITALS, ALERTING)) {
            Optional<Instant> last = lastHeard(service, heard);
            String risk = WATCHED.get(service);
            if (silentFor(service, heard, watchingSince, now).compareTo(SILENT_AFTER) >= 0) {
                Instant since = last.orElse(watchingSince);
                warnings.add(new Warning(service, "SILENT", since, null, NAMES.get(service) + " has not been heard from since "
                        + (last.isPresent() ? "" : "the console started at ") + since + " — " + risk
                        + "; call the on-call engineer"));
                continue;
            }
            heard.stream()
                    .filter(h -> h.service().equals(service) && h.behindSince() != null && h.lagSeconds() != null)
                    .filter(h -> h.heardAt().isAfter(now.minus(SILENT_AFTER)))
                    .max(Comparator.comparingDouble(Heard::lagSeconds))
                    .ifPresent(worst -> warnings.add(new Warning(service, "BEHIND", worst.behindSince(), worst.lagSeconds(),
                            NAMES.get(service) + " is " + Math.round(worst.lagSeconds()) + " s behind the readings since "
                                    + worst.behindSince() + " — alarms may come late; call the on-call engineer")));
        }
        return warnings;
    }

    /** How long no instance of the service has been heard from: since its last heartbeat, or since watching began. */
    public static Duration silentFor(String service, Collection<Heard> heard, Instant watchingSince, Instant now) {
        Duration silent = Duration.between(lastHeard(service, heard).orElse(watchingSince), now);
        return silent.isNegative() ? Duration.ZERO : silent;
    }

    /** Whether a reported lag is over the limit: where a lag's "since" starts. */
    public static boolean behind(Double lagSeconds) {
        return lagSeconds != null && lagSeconds > BEHIND_LIMIT.toMillis() / 1000.0;
    }

    private static Optional<Instant> lastHeard(String service, Collection<Heard> heard) {
        return heard.stream().filter(h -> Objects.equals(h.service(), service)).map(Heard::heardAt)
                .max(Comparator.naturalOrder());
    }
}
