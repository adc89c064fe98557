package care.ketamine.platform.address;

import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.platform.problem.FreeText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dosing address as a clinician or intake enters it: at approval for the plan, or at check-in for one session. */
@Schema(description = "The dosing address: where the patient is during the session, shown with the local emergency "
        + "number on the last (emergency) step of a CRITICAL page. On a plan, confirmed again at each check-in; at a "
        + "check-in, for that session only.")
public record DosingAddressRequest(
        @Schema(required = true, examples = "12 Oak St, Apt 4", maxLength = FreeText.NAME_CHARACTERS) String street,
        @Schema(required = true, examples = "Oakland", maxLength = FreeText.NAME_CHARACTERS) String city,
        @Schema(description = "State, province or county; required in US and CA", examples = "CA",
                maxLength = FreeText.NAME_CHARACTERS) String region,
        @Schema(description = "Required in US and CA; letters, digits, spaces and hyphens", examples = "94607",
                maxLength = AddressRules.POSTAL_CODE_CHARACTERS) String postalCode,
        @Schema(required = true, description = "ISO 3166-1 two-letter code", examples = "US") String country,
        @Schema(description = "How to get in", examples = "gate code 4512, 2nd floor",
                maxLength = FreeText.REASON_CHARACTERS) String accessNotes,
        @Schema(description = "The local emergency number; left out, the country's (US and CA 911, GB 999, the EU 112)",
                examples = "911", maxLength = AddressRules.EMERGENCY_NUMBER_CHARACTERS) String emergencyNumber) {

    public DosingAddress toAddress() {
        return new DosingAddress(street, city, region, postalCode, country, accessNotes, emergencyNumber);
    }
}
