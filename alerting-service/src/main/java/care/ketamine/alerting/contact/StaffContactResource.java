package care.ketamine.alerting.contact;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.alert.Viewer;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

import java.util.List;
import java.util.regex.Pattern;

/** Each person's contact details for pages: admins keep everyone's; a person may keep their own email and phone. */
@Path("/staff/{staffId}/contact")
@Tag(name = "On-call", description = "Who is on call, and how they are reached")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@APIResponse(responseCode = "403", description = "Neither an admin nor the person themselves")
public class StaffContactResource {

    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    @Schema(description = "How a person is reached for pages")
    public record ContactDetails(
            @Schema(description = "Email address for pages; absent or blank: none") String email,
            @Schema(description = "Mobile number in international form (+ and 7 to 15 digits) for SMS and calls; absent: none")
            String phone,
            @Schema(description = "Takes the system's own alerts (a page not delivered, the pipeline stopped); only an admin sets it")
            Boolean operator) {
    }

    private final StaffContacts contacts;
    private final ActionAudit audit;
    private final JsonWebToken token;

    public StaffContactResource(StaffContacts contacts, ActionAudit audit, JsonWebToken token) {
        this.contacts = contacts;
        this.audit = audit;
        this.token = token;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.ADMIN, Roles.ON_CALL, Roles.CLINICIAN})
    @Operation(summary = "A person's contact details for pages (admins, or the person)")
    @APIResponse(responseCode = "200", description = "The details on file (empty fields when none)",
            content = @Content(schema = @Schema(implementation = ContactDetails.class)))
    public ContactDetails get(@PathParam("staffId") String staffId) {
        mayAccess(staffId, "staff.contact.read");
        StaffContact c = contacts.of(staffId);
        return new ContactDetails(c.email(), c.phone(), c.operator());
    }

    @PUT
    @Blocking
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ON_CALL, Roles.CLINICIAN})
    @Operation(summary = "Set a person's contact details for pages (admins, or the person for their own email and phone)")
    @APIResponse(responseCode = "200", description = "The details now on file",
            content = @Content(schema = @Schema(implementation = ContactDetails.class)))
    @APIResponse(responseCode = "400", description = "A malformed email address or phone number, or a missing body; nothing changed")
    public ContactDetails put(@PathParam("staffId") String staffId, ContactDetails details) {
        boolean admin = mayAccess(staffId, "staff.contact.change");
        if (details == null) {
            throw ProblemException.invalid("The details were not changed", List.of(new Problem.Violation("body", "is required")));
        }
        String email = StaffContact.normalEmail(details.email());
        String phone = StaffContact.normalPhone(details.phone());
        List<Problem.Violation> problems = StaffContact.problems(email, phone);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The details were not changed", problems);
        }
        boolean operator = contacts.of(staffId).operator();
        if (details.operator() != null && details.operator() != operator) {
            if (!admin) {
                audit.denied(token.getSubject(), Viewer.of(token).role(), "staff.contact.operator", staffId);
                throw new ProblemException(Response.Status.FORBIDDEN, "Only an admin makes someone an operator");
            }
            operator = details.operator();
        }
        StaffContact contact = new StaffContact(staffId, email, phone, operator);
        contacts.put(contact, token.getSubject());
        audit.changed(token.getSubject(), Viewer.of(token).role(), "staff.contact.change", staffId,
                "email " + (email == null ? "none" : "set") + ", phone " + (phone == null ? "none" : "set") + ", operator " + operator);
        return new ContactDetails(email, phone, operator);
    }

    /** Admins may act on anyone's details, others on their own only; whether the caller is an admin. */
    private boolean mayAccess(String staffId, String action) {
        if (!STAFF_ID.matcher(staffId).matches()) {
            throw ProblemException.invalid("Unknown person", List.of(new Problem.Violation("staffId",
                    "1 to 100 letters, digits and . _ @ -")));
        }
        boolean admin = token.getGroups().contains(Roles.ADMIN);
        if (!admin && !staffId.equals(token.getSubject())) {
            audit.denied(token.getSubject(), Viewer.of(token).role(), action, staffId);
            throw new ProblemException(Response.Status.FORBIDDEN, "Only an admin or the person themselves");
        }
        return admin;
    }
}
