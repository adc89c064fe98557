package care.ketamine.intake.patient;

import care.ketamine.intake.domain.Contact;
import care.ketamine.intake.domain.PatientDetails;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

import static care.ketamine.platform.problem.TextLimit.Kind.EMAIL;
import static care.ketamine.platform.problem.TextLimit.Kind.NAME;
import static care.ketamine.platform.problem.TextLimit.Kind.ZONE;

/**
 * A patient as intake staff register or update them. Every text has a limit in characters and UTF-8 bytes.
 * The annotations are the request's shape; what a registration must hold beyond it (an adult, a US state,
 * a time zone, insurance whole) is {@code PatientDetailsRules}.
 */
@Schema(description = "A patient's details. Insurance is optional; the sitter is the peer treatment monitor, 18 or older. "
        + "A text over its limit (characters and UTF-8 bytes, as documented on each field) is refused with 400.")
public record PatientRequest(
        @Schema(required = true, examples = "Alex", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
        @NotBlank @TextLimit(NAME) String givenName,
        @Schema(required = true, examples = "Rivera", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
        @NotBlank @TextLimit(NAME) String familyName,
        @Schema(required = true, description = "The patient must be 18 or older", examples = "1986-04-12")
        @NotNull LocalDate dateOfBirth,
        @Schema(required = true, examples = "+1 415 555 0134", maxLength = 25,
                description = "Digits, spaces, + ( ) - and .; 7 to 25 characters")
        @NotNull @PhoneNumber String phone,
        @Schema(required = true, examples = "alex.rivera@example.org", maxLength = FreeText.EMAIL_CHARACTERS,
                description = "At most " + FreeText.EMAIL_CHARACTERS + " characters and " + FreeText.EMAIL_BYTES
                        + " bytes (UTF-8)")
        @NotNull @Pattern(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", message = "must be an email address")
        @TextLimit(EMAIL) String email,
        @Schema(required = true, description = "Two-letter code of the US state of residence", examples = "CA") String usState,
        @Schema(required = true, description = "IANA time zone; at most " + FreeText.ZONE_CHARACTERS + " characters and "
                + FreeText.ZONE_BYTES + " bytes", maxLength = FreeText.ZONE_CHARACTERS, examples = "America/Los_Angeles")
        @TextLimit(ZONE) String timezone,
        @Valid Insurance insurance,
        @Schema(required = true) @NotNull @Valid ContactRequest emergencyContact,
        @Schema(required = true) @NotNull @Valid ContactRequest sitter) {

    static final String NAME_LIMIT = "At most " + FreeText.NAME_CHARACTERS + " characters and " + FreeText.NAME_BYTES
            + " bytes (UTF-8)";

    @Schema(description = "Insurance: both payer and member id, or leave it out")
    public record Insurance(@Schema(examples = "Blue Shield of California", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
                            @TextLimit(NAME) String payer,
                            @Schema(examples = "XEH123456789", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
                            @TextLimit(NAME) String memberId) {
    }

    @Schema(description = "A person to call")
    public record ContactRequest(@Schema(examples = "Sam Rivera", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
                                 @NotBlank @TextLimit(NAME) String name,
                                 @Schema(examples = "+1 415 555 0188", maxLength = 25) @NotNull @PhoneNumber String phone,
                                 @Schema(examples = "spouse", maxLength = FreeText.NAME_CHARACTERS, description = NAME_LIMIT)
                                 @NotBlank @TextLimit(NAME) String relationship) {

        Contact toContact() {
            return new Contact(name, phone, relationship);
        }
    }

    PatientDetails toDetails() {
        return new PatientDetails(givenName, familyName, dateOfBirth, phone, email, usState, timezone,
                insurance == null ? null : insurance.payer(), insurance == null ? null : insurance.memberId(),
                emergencyContact.toContact(), sitter.toContact());
    }
}
