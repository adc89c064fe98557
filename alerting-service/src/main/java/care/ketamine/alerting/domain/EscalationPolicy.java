package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who is told about an unacknowledged alert, and when, by severity. Step 0 goes out when the alert
 * is raised; each later step fires if the alert is still unacknowledged when it comes due.
 */
public record EscalationPolicy(Severity severity, List<Step> steps) {

    /** Whom a step notifies. */
    public enum Target { CLINICIAN, ON_CALL_TIER_1, ON_CALL_TIER_2 }

    /**
     * @param instruction what the recipient is asked to do beyond looking at the alert; may be null
     * @param emergency   the emergency step: its page and the alert show the patient's dosing address and the local
     *                    emergency number, so that whoever it reaches can send help. Only the last step of a CRITICAL
     *                    policy may be one.
     * @param delivery    the channels that reach the step's person, and when; null: the clinic's default plan
     */
    public record Step(int number, Duration after, Target target, String instruction, boolean emergency,
                       DeliveryPlan delivery) {

        /** A step that is not the emergency step, reached by the clinic's default plan. */
        public Step(int number, Duration after, Target target, String instruction) {
            this(number, after, target, instruction, false, null);
        }

        /** A step reached by the clinic's default plan. */
        public Step(int number, Duration after, Target target, String instruction, boolean emergency) {
            this(number, after, target, instruction, emergency, null);
        }

        /** A step that is not the emergency step. */
        public Step(int number, Duration after, Target target, String instruction, DeliveryPlan delivery) {
            this(number, after, target, instruction, false, delivery);
        }
    }

    public EscalationPolicy {
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).number() != i) {
                throw new IllegalArgumentException("steps are numbered 0, 1, 2... in order");
            }
            if (i > 0 && steps.get(i).after().compareTo(steps.get(i - 1).after()) < 0) {
                throw new IllegalArgumentException("a later step cannot come due before an earlier one");
            }
        }
        if (steps.isEmpty() || !steps.get(0).after().isZero()) {
            throw new IllegalArgumentException("step 0 goes out when the alert is raised (after 0)");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).emergency() && (severity != Severity.CRITICAL || i != steps.size() - 1)) {
                throw new IllegalArgumentException("only the last step of the CRITICAL policy may be the emergency step");
            }
        }
    }

    public static final String CALL_SITTER_AND_CONTACT = "Call the sitter and the emergency contact now";

    /**
     * Critical: the clinician at once; tier 1 after 2 minutes; tier 2 after 5, with the instruction
     * to call the sitter and the emergency contact, as the emergency step (the dosing address and the local
     * emergency number). Warning: the clinician; tier 1 after 5 minutes.
     * Info: the clinician only.
     */
    public static EscalationPolicy defaults(Severity severity) {
        return switch (severity) {
            case CRITICAL -> new EscalationPolicy(severity, List.of(
                    new Step(0, Duration.ZERO, Target.CLINICIAN, null),
                    new Step(1, Duration.ofMinutes(2), Target.ON_CALL_TIER_1, null),
                    new Step(2, Duration.ofMinutes(5), Target.ON_CALL_TIER_2, CALL_SITTER_AND_CONTACT, true)));
            case WARNING -> new EscalationPolicy(severity, List.of(
                    new Step(0, Duration.ZERO, Target.CLINICIAN, null),
                    new Step(1, Duration.ofMinutes(5), Target.ON_CALL_TIER_1, null)));
            case INFO -> new EscalationPolicy(severity, List.of(new Step(0, Duration.ZERO, Target.CLINICIAN, null)));
        };
    }

    /** When each step after {@code afterStep} comes due, counted from {@code from}. */
    public List<Timer> timersAfter(int afterStep, Instant from) {
        return steps.stream().filter(s -> s.number() > afterStep).map(s -> new Timer(s.number(), from.plus(s.after()))).toList();
    }

    public record Timer(int step, Instant dueAt) {
    }

    public Step step(int number) {
        return steps.get(number);
    }
}
