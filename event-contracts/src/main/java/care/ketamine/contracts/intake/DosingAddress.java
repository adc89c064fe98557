package care.ketamine.contracts.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the patient will be during a dosing session, and the number that reaches emergency services there:
 * what the last step of a CRITICAL escalation shows, so that whoever is paged can send help to the door.
 *
 * @param region          state, province or county; may be null where addresses have none
 * @param country         ISO 3166-1 alpha-2 code, upper case (e.g. US, GB, DE)
 * @param accessNotes     how to get in (e.g. "gate code 4512, 2nd floor"); may be null
 * @param emergencyNumber the local emergency number (e.g. 911, 999, 112): the country's unless a clinician set another
 */
public record DosingAddress(String street, String city, String region, String postalCode, String country,
                            String accessNotes, String emergencyNumber) {

    /** The address on one line, as a page or a screen shows it: "12 Oak St, Oakland, CA 94607, US". */
    public String oneLine() {
        List<String> parts = new ArrayList<>();
        add(parts, street);
        add(parts, city);
        String regionAndCode = join(region, postalCode);
        add(parts, regionAndCode);
        add(parts, country);
        return String.join(", ", parts);
    }

    private static String join(String a, String b) {
        String left = a == null ? "" : a.strip();
        String right = b == null ? "" : b.strip();
        return (left + " " + right).strip();
    }

    private static void add(List<String> parts, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(value.strip());
        }
    }
}
