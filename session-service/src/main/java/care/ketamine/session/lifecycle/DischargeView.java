package care.ketamine.session.lifecycle;

import care.ketamine.session.domain.DischargeProposal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "The system's discharge proposal now: each criterion met or not, with the figures it was judged on")
public record DischargeView(UUID sessionId, String state, Instant at,
                            @Schema(description = "Every criterion is met: recovery (or discharge) needs no override")
                            boolean allMet,
                            List<Criterion> criteria) {

    public record Criterion(@Schema(description = "vitals, sitter, patient, alerts or floor") String criterion,
                            boolean met, String figures,
                            @Schema(description = "false for the monitoring floor") boolean overridable) {
    }

    static DischargeView of(UUID sessionId, String state, DischargeProposal p) {
        return new DischargeView(sessionId, state, p.at(), p.allMet(), p.criteria().stream()
                .map(c -> new Criterion(c.name(), c.met(), c.figures(), c.overridable())).toList());
    }
}
