package care.ketamine.session.device;

import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionView;
import care.ketamine.session.plan.PatientPlan;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * The paired phone reads its session. {@code @PermitAll} only because session-service's JWT authentication does not
 * know device tokens: {@link DeviceCaller} admits the session's paired, unrevoked patient-device or sitter alone.
 */
@Path("/sessions/{sessionId}/devices/session")
@Tag(name = "Sessions", description = "Scheduling, the dosing-session lifecycle and device pairing")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@PermitAll
public class PhoneSessionResource {

    private final DeviceCaller devices;
    private final SessionBook book;
    private final StoredJson json;
    private final Duration missedAfter;

    public PhoneSessionResource(DeviceCaller devices, SessionBook book, StoredJson json, ClinicalTime clinicalTime) {
        this.devices = devices;
        this.book = book;
        this.json = json;
        this.missedAfter = clinicalTime.scaled(CheckInPrompted.MISSED_AFTER);
    }

    @GET
    @Transactional
    @Operation(summary = "The paired phone reads its session",
            description = "Only the session's paired phones (patient-phone, sitter-phone), with their token (audience "
                    + "session-device): the session's time and state, the clinician's name, the sitter and the emergency "
                    + "contact with their numbers, and the emergency number where the patient is.")
    @APIResponse(responseCode = "200", description = "The session", content = @Content(schema = @Schema(implementation = PhoneSession.class)))
    @APIResponse(responseCode = "401", description = "No device token of session-service, or expired")
    @APIResponse(responseCode = "403", description = "A token for another session, a revoked device, or a device that is not a phone")
    public PhoneSession read(@PathParam("sessionId") UUID sessionId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        DeviceCaller.Device device = devices.require(authorization, sessionId, Set.of(Roles.PATIENT_DEVICE, Roles.SITTER));
        // The people's numbers are for the people's phones, not for a cuff or a gateway that relays one.
        PairedDevice paired = PairedDevice.findById(device.deviceId());
        if (paired == null || !DeviceKinds.PHONE_KINDS.contains(paired.kind)) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Only the patient's or the sitter's phone reads this");
        }
        SessionRecord record = book.require(sessionId);
        SessionView s = book.view(record);
        PatientPlan plan = PatientPlan.findById(record.patientId);
        Clinician clinician = Clinician.findById(record.clinicianId);
        return new PhoneSession(s.id(), s.type(), s.state(), s.start(), s.end(), s.startPatientLocal(), s.patientTimezone(),
                s.dosedAt(), s.authorizationExpiresAt(), clinician == null ? null : clinician.displayName, device.role(),
                plan == null ? null : json.read(plan.sitter, TreatmentPlanApproved.Person.class),
                plan == null ? null : json.read(plan.emergencyContact, TreatmentPlanApproved.Person.class),
                s.dosingAddress() == null || s.dosingAddress().address() == null ? null
                        : s.dosingAddress().address().emergencyNumber(), missedAfter.toMillis());
    }
}
