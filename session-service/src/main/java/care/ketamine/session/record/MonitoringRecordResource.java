package care.ketamine.session.record;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import care.ketamine.session.lifecycle.SessionAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/sessions/{sessionId}/record")
@Tag(name = "Sessions")
@SecurityRequirement(name = "jwt")
public class MonitoringRecordResource {

    public static final String PDF = "application/pdf";

    private final ReadMonitoringRecord readRecord;
    private final JsonWebToken token;

    public MonitoringRecordResource(ReadMonitoringRecord readRecord, JsonWebToken token) {
        this.readRecord = readRecord;
        this.token = token;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, PDF, Problem.MEDIA_TYPE})
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A dosing session's monitoring record (JSON, or a printable PDF with Accept: application/pdf)",
            description = "In the spirit of the Spravato REMS patient monitoring form: BP and heart rate before the dose "
                    + "(the reading the gate passed on), nearest 40 minutes after it (with its time) and the last before "
                    + "discharge; the worst SpO2; whether sedation (sitter's MOAA/S 3 or less), dissociation (any item of "
                    + "the patient's brief check above 0: the conservative reading) or respiratory depression (SpO2 below "
                    + "90%, or a respiratory rate below 10/min when one is measured) occurred and when first; each alert "
                    + "and how it ended; when the patient met the discharge criteria against the 120-minute floor; who "
                    + "took each step. Computed from the session's own rows when asked, for any state; medications of "
                    + "concern are not available in session-service and the record says so. The session's clinician or "
                    + "an admin; every read is audited.")
    @APIResponse(responseCode = "200", description = "The record",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MonitoringRecord.class)),
                    @Content(mediaType = PDF)})
    @APIResponse(responseCode = "403", description = "Not this session's clinician, nor an admin")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "Not a DOSING session: no monitoring record is kept for it")
    public Response record(@PathParam("sessionId") UUID sessionId, @Context HttpHeaders headers) {
        boolean pdf = wantsPdf(headers);
        return answer(readRecord.read(sessionId, SessionAccess.of(token), Caller.of(token), pdf ? "pdf" : "json"), pdf);
    }

    /** The record as JSON, or as a PDF with a file name (the API and the console answer alike). */
    public static Response answer(MonitoringRecord record, boolean pdf) {
        if (pdf) {
            return Response.ok(RecordPdf.render(record), PDF)
                    .header("Content-Disposition", "inline; filename=\"monitoring-record-" + record.sessionId() + ".pdf\"")
                    .build();
        }
        return Response.ok(record, MediaType.APPLICATION_JSON).build();
    }

    /** PDF when the caller prefers it to JSON; JSON otherwise (and for *&#47;*). */
    public static boolean wantsPdf(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType() || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.valueOf(PDF))) {
                return true;
            }
        }
        return false;
    }
}
