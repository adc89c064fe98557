package care.ketamine.intake.domain;

import java.time.LocalDate;
import java.util.Locale;

/** Who a patient is and whom to call, as registered by intake staff. Insurance is optional. */
public record PatientDetails(String givenName, String familyName, LocalDate dateOfBirth, String phone, String email,
                             String usState, String timezone, String insurancePayer, String insuranceMemberId,
                             Contact emergencyContact, Contact sitter) {

    /**
     * The same person registered twice has the same key: name (case and spacing ignored),
     * date of birth and phone digits.
     */
    public String identityKey() {
        return normalise(givenName) + "|" + normalise(familyName) + "|" + dateOfBirth + "|" + digits(phone);
    }

    private static String normalise(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }
}
