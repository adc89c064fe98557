package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.session.lifecycle.SessionBook;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
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
 * The paired device renews its own token. {@code @PermitAll} only because session-service's JWT
 * authentication does not know device tokens: {@link DeviceCaller} admits the session's own paired,
 * unrevoked patient-device or sitter and nobody else.
 */
@Path("/sessions/{sessionId}/devices/token")
@Tag(name = "Sessions", description = "Scheduling, the dosing-session lifecycle and device pairing")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@PermitAll
public class DeviceTokenResource {

    private static final Set<String> DEVICES = Set.of(Roles.PATIENT_DEVICE, Roles.SITTER);

    private final DeviceCaller devices;
    private final PairDevice pairDevice;
    private final SessionBook book;

    public DeviceTokenResource(DeviceCaller devices, PairDevice pairDevice, SessionBook book) {
        this.devices = devices;
        this.pairDevice = pairDevice;
        this.book = book;
    }

    @POST
    @Transactional
    @Operation(summary = "A paired device renews its own token",
            description = "Only the session's paired patient-device or sitter phone, with its current, unexpired token "
                    + "(signed by session-service for audience session-device and this session). Answers a new token for "
                    + "the same device, valid until sessions.device-token-margin (2 h) after the session's scheduled end, "
                    + "or after now when the session runs late; the old token keeps working until its own expiry. A device "
                    + "renews while the session has not ended, including a dosed session aborted early (ENDED_EARLY), "
                    + "which is still monitored; an expired token cannot renew (pair the device again). Staff tokens "
                    + "are refused here, and device tokens everywhere else in session-service.")
    @APIResponse(responseCode = "200", description = "Renewed", content = @Content(schema = @Schema(implementation = Pairing.class)))
    @APIResponse(responseCode = "401", description = "No device token of session-service, or expired")
    @APIResponse(responseCode = "403", description = "A token for another session, or the device was revoked")
    @APIResponse(responseCode = "409", description = "The session has ended")
    public Pairing renew(@PathParam("sessionId") UUID sessionId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        DeviceCaller.Device device = devices.require(authorization, sessionId, DEVICES);
        return pairDevice.refresh(book.require(sessionId), device);
    }
}
