package care.ketamine.vitals.reading;

import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.ingest.SessionBinding;
import care.ketamine.contracts.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/sessions/{sessionId}/readings")
@Tag(name = "Readings", description = "Vital-signs readings posted by a patient's paired device")
@SecurityRequirement(name = "jwt")
public class ReadingResource {

    private final RecordReading recordReading;
    private final JsonWebToken caller;

    public ReadingResource(RecordReading recordReading, JsonWebToken caller) {
        this.recordReading = recordReading;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.PATIENT_DEVICE)
    @Operation(summary = "Record one reading",
            description = "Only a patient-device token bound to this session may post. Answers 202 once the broker "
                    + "has acknowledged the reading (acks=all).")
    @APIResponse(responseCode = "202", description = "Acknowledged by the broker",
            content = @Content(schema = @Schema(implementation = ReadingAccepted.class)))
    @APIResponse(responseCode = "200", description = "A replay: this reading was already accepted with the same values; "
            + "the original answer, nothing sent again",
            content = @Content(schema = @Schema(implementation = ReadingAccepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a value the device's kind does not send or a missing one it "
            + "must, an implausible value, or a time in the future after correcting the device clock; the problem names "
            + "each field and rule; nothing recorded")
    @APIResponse(responseCode = "403", description = "Not a patient-device token, bound to another session, naming no device, or revoked")
    @APIResponse(responseCode = "409", description = "The session is not active (from check-in until it ends; a dosed session aborted early stays active), or the "
            + "readingId was already used with other values")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge within 2 s, the database does not "
            + "answer, or too many readings are waiting already; retry after Retry-After")
    public Uni<Response> record(@PathParam("sessionId") String sessionId, ReadingRequest reading) {
        String device = SessionBinding.require(caller, sessionId);
        return recordReading.record(sessionId, caller.getSubject(), device, reading);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.PATIENT_DEVICE)
    @Operation(summary = "Upload a backlog of up to 500 readings",
            description = "For a device that was offline. Every reading is checked on its own and gets its own result; "
                    + "the good ones are recorded even when others are refused. Answers once the broker has acknowledged "
                    + "every accepted reading.")
    @APIResponse(responseCode = "200", description = "Every reading's outcome: ACCEPTED, REPLAYED, REJECTED or CONFLICT",
            content = @Content(schema = @Schema(implementation = ReadingBatchResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, no readings, or more than 500")
    @APIResponse(responseCode = "403", description = "Not a patient-device token, bound to another session, naming no device, or revoked")
    @APIResponse(responseCode = "409", description = "The session is not active")
    @APIResponse(responseCode = "503", description = "Some readings were not acknowledged within 2 s (or the database does not answer); the problem lists every "
            + "item's outcome; send the batch again after Retry-After")
    @Blocking
    public Response recordBatch(@PathParam("sessionId") String sessionId, ReadingBatchRequest batch) {
        String device = SessionBinding.require(caller, sessionId);
        // A batch waits on a worker thread: its many acknowledgements complete on the producer's threads, and
        // resuming the request from there lost its request context (ContextNotActiveException) in tests.
        return recordReading.recordBatch(sessionId, caller.getSubject(), device, batch)
                .await().indefinitely();
    }
}
