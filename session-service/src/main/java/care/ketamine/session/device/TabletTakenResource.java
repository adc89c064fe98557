package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.session.lifecycle.RunSession;
import care.ketamine.session.lifecycle.SessionView;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;
import java.util.UUID;

/**
 * The patient's own monitor (or the companion app on it) confirms that the tablet was taken. Like
 * token renewal, {@code @PermitAll} only because session-service's JWT authentication does not know
 * device tokens: {@link DeviceCaller} admits the session's paired, unrevoked patient-device alone.
 */
@Path("/sessions/{sessionId}/devices/tablet-taken")
@Tag(name = "Sessions", description = "Scheduling, the dosing-session lifecycle and device pairing")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@PermitAll
public class TabletTakenResource {

    private final DeviceCaller devices;
    private final RunSession runSession;

    public TabletTakenResource(DeviceCaller devices, RunSession runSession) {
        this.devices = devices;
        this.runSession = runSession;
    }

    @POST
    @Operation(summary = "The patient's device confirms the tablet was taken",
            description = "Only the session's paired patient-device, with its token (audience session-device). Moves a "
                    + "DOSE_AUTHORIZED session to DOSED: the dose time, the 120-minute floor and the check-in prompts "
                    + "count from now. Refused (409) in any other state, including an authorization that expired after "
                    + "15 minutes without confirmation. The session's clinician confirms on the patient's behalf with "
                    + "POST /sessions/{id}/tablet-taken.")
    @APIResponse(responseCode = "200", description = "DOSED", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "401", description = "No device token of session-service, or expired")
    @APIResponse(responseCode = "403", description = "A sitter's phone, a token for another session, or a revoked device")
    @APIResponse(responseCode = "409", description = "The dose is not authorized (or the authorization expired)")
    public SessionView confirm(@PathParam("sessionId") UUID sessionId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        DeviceCaller.Device device = devices.require(authorization, sessionId, Set.of(Roles.PATIENT_DEVICE));
        return runSession.tabletTakenOnDevice(sessionId, device.deviceId().toString());
    }
}
