package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one step of an escalation reaches its person: which channels, and how long after the step each is tried
 * if nothing has been delivered by then (for example the screen and push at once, SMS after 60 s, a call after
 * 120 s). A channel's try is skipped once any channel of the step has a delivery receipt or the alert is
 * acknowledged; a step whose tries all end without a receipt is a page not delivered.
 */
public record DeliveryPlan(List<Attempt> attempts) {

    /** The channels a plan may name. */
    public static final Set<String> CHANNELS = Set.of("sse", "push", "email", "sms", "voice", "pagerduty", "webhook");
    /** The longest a plan may hold a channel back: a page that waits longer is not a page. */
    public static final Duration LONGEST_WAIT = Duration.ofMinutes(30);

    /** One channel of the plan, tried {@code after} the step if the step has not been delivered by then. */
    public record Attempt(String channel, Duration after) {
    }

    public DeliveryPlan {
        attempts = List.copyOf(attempts);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a delivery plan names at least one channel");
        }
        Set<String> seen = new HashSet<>();
        for (Attempt attempt : attempts) {
            if (!CHANNELS.contains(attempt.channel())) {
                throw new IllegalArgumentException("unknown channel " + attempt.channel() + "; one of " + new java.util.TreeSet<>(CHANNELS));
            }
            if (!seen.add(attempt.channel())) {
                throw new IllegalArgumentException("channel " + attempt.channel() + " is named twice");
            }
            if (attempt.after().isNegative() || attempt.after().compareTo(LONGEST_WAIT) > 0) {
                throw new IllegalArgumentException("channel " + attempt.channel() + " waits " + attempt.after().toSeconds()
                        + " s; 0 to " + LONGEST_WAIT.toSeconds() + " s");
            }
        }
        if (attempts.stream().noneMatch(a -> a.after().isZero())) {
            throw new IllegalArgumentException("at least one channel goes at once (after 0 s)");
        }
    }

    /**
     * Reads {@code channel:seconds,...}, as the clinic's default plan is configured, e.g.
     * {@code sse:0,push:0,email:0,sms:60,voice:120}.
     */
    public static DeliveryPlan parse(String text) {
        List<Attempt> attempts = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected channel:seconds, got '" + part.trim() + "'");
            }
            long seconds;
            try {
                seconds = Long.parseLong(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected whole seconds after " + pair[0].trim() + ", got '" + pair[1].trim() + "'");
            }
            attempts.add(new Attempt(pair[0].trim().toLowerCase(Locale.ROOT), Duration.ofSeconds(seconds)));
        }
        return new DeliveryPlan(attempts);
    }

    /** The plan restricted to the channels this deployment has; empty when it has none of them. */
    public List<Attempt> onlyOf(Set<String> enabled) {
        return attempts.stream().filter(a -> enabled.contains(a.channel())).toList();
    }

    @Override
    public String toString() {
        return String.join(",", attempts.stream().map(a -> a.channel() + ":" + a.after().toSeconds()).toList());
    }
}
