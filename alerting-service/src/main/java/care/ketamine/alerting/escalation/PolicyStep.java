package care.ketamine.alerting.escalation;

import care.ketamine.alerting.domain.EscalationPolicy;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;

@Schema(description = "One step of an escalation policy")
public record PolicyStep(
        @Schema(required = true, description = "0 for the first step (at once), then 1, 2...") Integer number,
        @Schema(required = true, description = "Seconds after the alert is raised; 0 for step 0") Long afterSeconds,
        @Schema(required = true, enumeration = {"CLINICIAN", "ON_CALL_TIER_1", "ON_CALL_TIER_2"}) String target,
        @Schema(maxLength = 500, description = "What the recipient is asked to do, e.g. call the sitter and the emergency contact; "
                + "at most 500 characters and 1500 bytes (UTF-8)") String instruction) {

    static PolicyStep of(EscalationPolicy.Step step) {
        return new PolicyStep(step.number(), step.after().toSeconds(), step.target().name(), step.instruction());
    }

    EscalationPolicy.Step toStep() {
        return new EscalationPolicy.Step(number, Duration.ofSeconds(afterSeconds), EscalationPolicy.Target.valueOf(target),
                instruction);
    }
}
