package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.session.domain.PipelineHealth;
import care.ketamine.session.pipeline.PipelineWatch;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Whether readings reach alarms: what the red banner on every console screen says (none: all is well). */
@Path("/console/api/pipeline")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ConsolePipeline {

    private final PipelineWatch watch;

    public ConsolePipeline(PipelineWatch watch) {
        this.watch = watch;
    }

    public record Pipeline(@Schema(description = "Vitals or alerting not heard from for 30 s, or alerting over 10 s "
            + "behind the readings; empty when all is well") List<PipelineHealth.Warning> warnings) {
    }

    @GET
    @Blocking
    @Operation(summary = "Whether vitals and alerting are heard from and alerting keeps up (the console polls it)")
    public Pipeline pipeline() {
        return new Pipeline(watch.warnings());
    }
}
