package care.ketamine.intake.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a screening opens an urgent-review task, and by when a clinician must have taken it. Acute
 * suicidal ideation (clinical reference: "urgent clinician review") and a recent attempt or intent
 * (not in the list; routed to crisis care, so a clinician must reach the person just as fast:
 * the conservative choice) are ACUTE; PHQ-9 item 9 above 0 alone ("needs follow-up") is PROMPT.
 */
public final class UrgentReview {

    /** How soon a clinician must take the task. */
    public enum Urgency { ACUTE, PROMPT }

    /** How long each urgency may wait for a clinician. */
    public record Deadlines(Duration acute, Duration prompt) {

        /** 1 hour for acute risk, 24 hours for thoughts of self-harm alone. */
        public static final Deadlines DEFAULTS = new Deadlines(Duration.ofHours(1), Duration.ofHours(24));

        public Deadlines {
            if (acute.isNegative() || acute.isZero() || prompt.compareTo(acute) < 0) {
                throw new IllegalArgumentException("deadlines must be positive, the acute one no longer than the other");
            }
        }

        Duration of(Urgency urgency) {
            return urgency == Urgency.ACUTE ? acute : prompt;
        }
    }

    /** A task to open: its urgency, why (the eligibility reasons' codes), and its deadline. */
    public record Opening(Urgency urgency, List<String> reasons, Instant dueAt) {
    }

    private UrgentReview() {
    }

    /** The task this screening opens, recorded at {@code screenedAt}; empty when it needs none. */
    public static Optional<Opening> forScreening(Screening s, Deadlines deadlines, Instant screenedAt) {
        List<String> reasons = new ArrayList<>();
        if (s.acuteSuicidalIdeation()) {
            reasons.add("ACUTE_SUICIDAL_IDEATION");
        }
        if (s.recentSuicideAttemptOrIntent()) {
            reasons.add("RECENT_ATTEMPT_OR_INTENT");
        }
        boolean acute = !reasons.isEmpty();
        if (s.selfHarmThoughts()) {
            reasons.add("PHQ9_ITEM9_POSITIVE");
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        Urgency urgency = acute ? Urgency.ACUTE : Urgency.PROMPT;
        return Optional.of(new Opening(urgency, List.copyOf(reasons), screenedAt.plus(deadlines.of(urgency))));
    }

    /** Why this clinician may not take a task for a patient in this state; empty when they may. */
    public static List<String> refusalsToTake(Licence licence, String patientState) {
        if (licence == null) {
            return List.of("no licence is on record for this clinician");
        }
        List<String> refusals = new ArrayList<>();
        if (!licence.active()) {
            refusals.add("the clinician is not active");
        }
        if (!licence.states().contains(patientState)) {
            refusals.add("the clinician is not licensed in " + patientState + ", the patient's state");
        }
        return refusals;
    }
}
