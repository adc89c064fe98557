package care.ketamine.alerting.escalation;

import care.ketamine.alerting.domain.DeliveryPlan;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.Severity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

@Schema(description = "One step of an escalation policy")
public record PolicyStep(
        @Schema(required = true, description = "0 for the first step (at once), then 1, 2...") Integer number,
        @Schema(required = true, description = "Seconds after the alert is raised; 0 for step 0") Long afterSeconds,
        @Schema(required = true, enumeration = {"CLINICIAN", "ON_CALL_TIER_1", "ON_CALL_TIER_2"}) String target,
        @Schema(maxLength = 500, description = "What the recipient is asked to do, e.g. call the sitter and the emergency contact; "
                + "at most 500 characters and 1500 bytes (UTF-8)") String instruction,
        @Schema(description = "The emergency step: its page and the alert show the patient's dosing address and the local "
                + "emergency number. Only the last step of the CRITICAL policy; left out, true there and false elsewhere")
        Boolean emergency,
        @Schema(description = "The channels that reach the step's person, in order, each tried that many seconds after the step "
                + "if nothing was delivered by then (e.g. sse 0, push 0, sms 60, voice 120). Absent: the clinic's default plan "
                + "(alerting.delivery.default-plan)") List<ChannelWait> delivery) {

    @Schema(description = "One channel of a step's delivery plan")
    public record ChannelWait(
            @Schema(required = true, enumeration = {"sse", "push", "email", "sms", "voice", "pagerduty", "webhook"}) String channel,
            @Schema(required = true, description = "Seconds after the step, 0 to 1800") Long afterSeconds) {
    }

    static PolicyStep of(EscalationPolicy.Step step) {
        return new PolicyStep(step.number(), step.after().toSeconds(), step.target().name(), step.instruction(),
                step.emergency(),
                step.delivery() == null ? null : step.delivery().attempts().stream()
                        .map(a -> new ChannelWait(a.channel(), a.after().toSeconds())).toList());
    }

    /** @param lastOfCritical the step is the last of the CRITICAL policy: the emergency step unless it says otherwise */
    EscalationPolicy.Step toStep(boolean lastOfCritical) {
        return new EscalationPolicy.Step(number, Duration.ofSeconds(afterSeconds), EscalationPolicy.Target.valueOf(target),
                instruction, emergency == null ? lastOfCritical : emergency, delivery == null ? null
                : new DeliveryPlan(delivery.stream()
                .map(c -> new DeliveryPlan.Attempt(c.channel(), Duration.ofSeconds(c.afterSeconds()))).toList()));
    }

    static List<EscalationPolicy.Step> toSteps(Severity severity, List<PolicyStep> steps) {
        return IntStream.range(0, steps.size())
                .mapToObj(i -> steps.get(i).toStep(severity == Severity.CRITICAL && i == steps.size() - 1)).toList();
    }
}
