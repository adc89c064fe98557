package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the console stops listening to someone guessing passwords: after 5 failed sign-ins of one
 * user from one address, or 20 of anyone from one address, within 15 minutes (a user's count starts
 * again at their last success), attempts from there are refused until 15 minutes after the failure
 * that reached the limit. Counted per address, not per user alone: someone guessing from elsewhere
 * must not be able to lock the on-call clinician out of the console during a crisis.
 */
public final class SignInLimits {

    public static final int PER_USER = 5;
    public static final int PER_ADDRESS = 20;
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private SignInLimits() {
    }

    /**
     * @param userFailures    the user's failed attempts from this address since their last success, newest first
     * @param addressFailures the address's failed attempts, newest first
     * @return until when sign-in is refused, or empty when it may be tried
     */
    public static Optional<Instant> lockedUntil(List<Instant> userFailures, List<Instant> addressFailures, Instant now) {
        return later(lockout(userFailures, PER_USER, WINDOW, now), lockout(addressFailures, PER_ADDRESS, WINDOW, now));
    }

    /**
     * Until when attempts are refused after {@code limit} failures within {@code window} (newest first): the window
     * after the failure that reached the limit. Also what limits guessing pairing codes.
     */
    public static Optional<Instant> lockout(List<Instant> newestFirst, int limit, Duration window, Instant now) {
        if (newestFirst.size() < limit) {
            return Optional.empty();
        }
        Instant oldestCounted = newestFirst.get(limit - 1);
        Instant newest = newestFirst.get(0);
        if (Duration.between(oldestCounted, newest).compareTo(window) > 0) {
            return Optional.empty(); // spread over more than the window: not a burst
        }
        Instant until = newest.plus(window);
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
    }
}
