package care.ketamine.alerting.escalation;

import care.ketamine.alerting.domain.DeliveryPlan;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@Path("/escalation-policies")
@Tag(name = "Escalation", description = "Who is told about an unacknowledged alert, and when")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class EscalationPolicyResource {

    /** What an escalation step asks its recipient to do. */
    private static final FreeText INSTRUCTION = new FreeText(500, 1_500);
    private static final Set<String> TARGETS = Set.of("CLINICIAN", "ON_CALL_TIER_1", "ON_CALL_TIER_2");

    private final EscalationPolicies policies;
    private final JsonWebToken token;

    public EscalationPolicyResource(EscalationPolicies policies, JsonWebToken token) {
        this.policies = policies;
        this.token = token;
    }

    @Schema(description = "A severity's escalation policy")
    public record PolicyView(String severity, List<PolicyStep> steps) {
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.ADMIN, Roles.ON_CALL, Roles.CLINICIAN})
    @Operation(summary = "The escalation policy of every severity")
    @APIResponse(responseCode = "200", description = "The policies",
            content = @Content(schema = @Schema(implementation = PolicyView.class, type = SchemaType.ARRAY)))
    public List<PolicyView> all() {
        return Arrays.stream(Severity.values()).map(s -> view(policies.of(s))).toList();
    }

    @PUT
    @Path("/{severity}")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a severity's escalation policy (admins)",
            description = "Steps numbered 0, 1, 2... in order; step 0 after 0 seconds; each later step no earlier than the one "
                    + "before. The last step of the CRITICAL policy is the emergency step (dosing address and emergency "
                    + "number in its page) unless it says emergency false; no other step may be. Alerts raised from now on "
                    + "follow it.")
    @APIResponse(responseCode = "200", description = "The policy in force", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", description = "Unknown severity, malformed JSON, or steps that break the rules")
    public PolicyView replace(@PathParam("severity") String severity, List<PolicyStep> steps) {
        Severity parsed = parse(severity);
        EscalationPolicy policy = valid(parsed, steps);
        policies.replace(policy, token.getSubject());
        return view(policies.of(parsed));
    }

    private static PolicyView view(EscalationPolicy policy) {
        return new PolicyView(policy.severity().name(), policy.steps().stream().map(PolicyStep::of).toList());
    }

    private static Severity parse(String severity) {
        try {
            return Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown severity",
                    List.of(new Problem.Violation("severity", "must be info, warning or critical")));
        }
    }

    /** What is wrong with a step's delivery plan, if anything. */
    private static Optional<String> deliveryViolation(List<PolicyStep.ChannelWait> delivery) {
        if (delivery.isEmpty() || delivery.size() > DeliveryPlan.CHANNELS.size()) {
            return Optional.of("must name 1 to " + DeliveryPlan.CHANNELS.size() + " channels");
        }
        if (delivery.stream().anyMatch(c -> c == null || c.channel() == null || c.afterSeconds() == null)) {
            return Optional.of("each channel needs channel and afterSeconds");
        }
        try {
            new DeliveryPlan(delivery.stream().map(c -> new DeliveryPlan.Attempt(c.channel(),
                    Duration.ofSeconds(c.afterSeconds()))).toList());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static EscalationPolicy valid(Severity severity, List<PolicyStep> steps) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (steps == null || steps.isEmpty() || steps.size() > 10) {
            violations.add(new Problem.Violation("steps", "must hold 1 to 10 steps"));
        } else {
            for (int i = 0; i < steps.size(); i++) {
                PolicyStep s = steps.get(i);
                String at = "steps[" + i + "]";
                if (s == null || s.number() == null || s.afterSeconds() == null || s.target() == null) {
                    violations.add(new Problem.Violation(at, "needs number, afterSeconds and target"));
                } else if (!TARGETS.contains(s.target())) {
                    violations.add(new Problem.Violation(at + ".target", "must be CLINICIAN, ON_CALL_TIER_1 or ON_CALL_TIER_2"));
                } else if (s.afterSeconds() < 0 || s.afterSeconds() > 86_400) {
                    violations.add(new Problem.Violation(at + ".afterSeconds", "must be between 0 and 86400"));
                } else if (!INSTRUCTION.fits(s.instruction())) {
                    violations.add(new Problem.Violation(at + ".instruction", INSTRUCTION.rule()));
                } else if (Boolean.TRUE.equals(s.emergency())
                        && (severity != Severity.CRITICAL || i != steps.size() - 1)) {
                    violations.add(new Problem.Violation(at + ".emergency",
                            "only the last step of the CRITICAL policy may be the emergency step"));
                } else if (s.delivery() != null) {
                    deliveryViolation(s.delivery()).ifPresent(v -> violations.add(new Problem.Violation(at + ".delivery", v)));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The policy was not changed", violations);
        }
        try {
            return new EscalationPolicy(severity, PolicyStep.toSteps(severity, steps));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("The policy was not changed", List.of(new Problem.Violation("steps", e.getMessage())));
        }
    }
}
