package care.ketamine.platform.live;

import care.ketamine.platform.security.RevokedTokens;
import jakarta.enterprise.inject.Instance;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounds every live (SSE) stream of a service runs within, so that no caller can hold the service's
 * memory or connections: at most {@code live.streams.per-user} open streams per token subject and
 * {@code live.streams.total} on this replica (429 problem+json beyond); a stream ends when the token it
 * was opened with expires (the client reconnects with a fresh one); at most {@code live.streams.max-unsent}
 * events wait for a reader: a feed stream then stops reading until they are written out, and cuts the reader
 * off when they have not been for 30 s; an alert or notification stream fails (closes) at once, since its
 * items cannot be read again later; a resume replays at most {@code live.streams.max-replay} events, the
 * latest ones (clamped, not refused). A stream whose token is revoked (sign-out, a deactivated account) ends:
 * a feed stream at its feed's keep-alive sweep, an alert or notification stream within
 * {@code live.streams.revocation-check} (5 s) of the service learning of it.
 */
@ApplicationScoped
public class StreamLimits {

    private final Instance<RevokedTokens> revocations;
    private final int perUser;
    private final int total;
    private final int maxUnsent;
    private final int maxReplay;
    private final Duration longest;
    private final Duration revocationCheck;
    private final Clock clock;
    private final Map<String, Integer> byHolder = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refusedForHolder;
    private final Counter refusedForReplica;

    public StreamLimits(Instance<RevokedTokens> revocations,
                        @ConfigProperty(name = "live.streams.per-user", defaultValue = "5") int perUser,
                        @ConfigProperty(name = "live.streams.total", defaultValue = "256") int total,
                        @ConfigProperty(name = "live.streams.max-unsent", defaultValue = "1000") int maxUnsent,
                        @ConfigProperty(name = "live.streams.max-replay", defaultValue = "2000") int maxReplay,
                        @ConfigProperty(name = "live.streams.longest", defaultValue = "12H") Duration longest,
                        @ConfigProperty(name = "live.streams.revocation-check", defaultValue = "5S") Duration revocationCheck,
                        Clock clock, MeterRegistry meters) {
        this.revocations = revocations;
        this.perUser = perUser;
        this.total = total;
        this.maxUnsent = maxUnsent;
        this.maxReplay = maxReplay;
        this.longest = longest;
        this.revocationCheck = revocationCheck;
        this.clock = clock;
        this.refusedForHolder = meters.counter("live.streams.refused", "limit", "per-user");
        this.refusedForReplica = meters.counter("live.streams.refused", "limit", "total");
        Gauge.builder("live.streams.open", open, AtomicInteger::get)
                .description("Open live (SSE) streams on this replica").register(meters);
    }

    /** Admits a stream for the token's subject until the token expires, or refuses it with 429. */
    public OpenStream admit(JsonWebToken token) {
        String holder = token.getSubject();
        String tokenId = token.getTokenID(); // read now: the token is the request's, and the stream outlives it
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            refusedForReplica.increment();
            throw tooMany("This service has as many live streams open as it allows; try again shortly.");
        }
        boolean[] admitted = {false};
        byHolder.compute(holder, (h, count) -> {
            int mine = count == null ? 0 : count;
            if (mine >= perUser) {
                return count;
            }
            admitted[0] = true;
            return mine + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            refusedForHolder.increment();
            throw tooMany("At most " + perUser + " live streams may be open per person; close another one first.");
        }
        Instant now = clock.instant();
        Instant latest = now.plus(longest);
        long exp = token.getExpirationTime();
        Instant closesAt = exp <= 0 || Instant.ofEpochSecond(exp).isAfter(latest) ? latest : Instant.ofEpochSecond(exp);
        return new OpenStream(holder, closesAt, maxUnsent, maxReplay, () -> {
            open.decrementAndGet();
            byHolder.computeIfPresent(holder, (h, count) -> count <= 1 ? null : count - 1);
        }, () -> revocations.stream().anyMatch(revoked -> revoked.revoked(holder, tokenId) != null));
    }

    /**
     * A stream of items within the stream's bounds: at most {@code max-unsent} items wait for a slow reader (past
     * that the stream fails and the connection closes), it completes when the token expires or is revoked, and its
     * place is given back however it ends.
     */
    @SuppressWarnings("unchecked")
    public <T> Multi<T> bounded(OpenStream stream, Multi<T> items) {
        Duration left = Duration.between(clock.instant(), stream.closesAt());
        Multi<Object> revoked = Multi.createFrom().ticks().every(revocationCheck).onOverflow().drop()
                .filter(tick -> stream.revoked()).map(tick -> REVOKED);
        return Multi.createBy().merging().streams(items.map(item -> (Object) item), revoked)
                .onOverflow().buffer(stream.maxUnsent())
                .select().first(item -> item != REVOKED)
                .map(item -> (T) item)
                .select().first(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
                .onTermination().invoke(stream::close);
    }

    /** Put in a stream when its token is revoked: the stream ends there. */
    private static final Object REVOKED = new Object();

    private static ProblemException tooMany(String detail) {
        return new ProblemException(Problem.of(Response.Status.TOO_MANY_REQUESTS, detail), Map.of("Retry-After", "15"));
    }
}
