package care.ketamine.intake.patient;

import care.ketamine.intake.domain.Contact;
import care.ketamine.intake.domain.PatientDetails;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A patient as intake staff register or update them. */
@Schema(description = "A patient's details. Insurance is optional; the sitter is the peer treatment monitor, 18 or older.")
public record PatientRequest(
        @Schema(required = true, examples = "Alex") String givenName,
        @Schema(required = true, examples = "Rivera") String familyName,
        @Schema(required = true, description = "The patient must be 18 or older", examples = "1986-04-12") LocalDate dateOfBirth,
        @Schema(required = true, examples = "+1 415 555 0134") String phone,
        @Schema(required = true, examples = "alex.rivera@example.org") String email,
        @Schema(required = true, description = "Two-letter code of the US state of residence", examples = "CA") String usState,
        @Schema(required = true, description = "IANA time zone", examples = "America/Los_Angeles") String timezone,
        Insurance insurance,
        @Schema(required = true) ContactRequest emergencyContact,
        @Schema(required = true) ContactRequest sitter) {

    @Schema(description = "Insurance: both payer and member id, or leave it out")
    public record Insurance(@Schema(examples = "Blue Shield of California") String payer,
                            @Schema(examples = "XEH123456789") String memberId) {
    }

    @Schema(description = "A person to call")
    public record ContactRequest(@Schema(examples = "Sam Rivera") String name,
                                 @Schema(examples = "+1 415 555 0188") String phone,
                                 @Schema(examples = "spouse") String relationship) {

        Contact toContact() {
            return new Contact(name, phone, relationship);
        }
    }

    PatientDetails toDetails() {
        return new PatientDetails(givenName, familyName, dateOfBirth, phone, email, usState, timezone,
                insurance == null ? null : insurance.payer(), insurance == null ? null : insurance.memberId(),
                emergencyContact == null ? null : emergencyContact.toContact(),
                sitter == null ? null : sitter.toContact());
    }
}
