package care.ketamine.platform.address;

import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a dosing address must hold for emergency services to find the patient: street, city and country
 * always; in the US and Canada also the state or province and the ZIP or postal code, which dispatch
 * there relies on. Each text within its {@link FreeText} limit, the country an ISO 3166-1 code, the
 * emergency number dialable. Intake checks the plan's address, session-service one recorded at check-in.
 * Plain Java.
 */
public final class AddressRules {

    public static final int POSTAL_CODE_CHARACTERS = 16;
    public static final int EMERGENCY_NUMBER_CHARACTERS = 25;
    static final FreeText POSTAL_CODE = new FreeText(POSTAL_CODE_CHARACTERS, POSTAL_CODE_CHARACTERS);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> REGION_AND_CODE_REQUIRED = Set.of("US", "CA");
    private static final Pattern POSTAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]*");
    /** A short code (911, 112, 000) or a local dispatch line; digits with the usual separators. */
    private static final Pattern DIALABLE = Pattern.compile("\\+?[0-9][0-9 ().-]{1,24}");

    private AddressRules() {
    }

    /** Every rule the address breaks, each naming its field under {@code prefix} (e.g. "plan.dosingAddress"). */
    public static List<Problem.Violation> check(String prefix, DosingAddress a) {
        List<Problem.Violation> broken = new ArrayList<>();
        if (a == null) {
            broken.add(new Problem.Violation(prefix, "is required"));
            return broken;
        }
        String country = normalCountry(a.country());
        required(broken, prefix + ".street", a.street());
        required(broken, prefix + ".city", a.city());
        if (blank(a.country())) {
            broken.add(new Problem.Violation(prefix + ".country", "is required: an ISO 3166-1 two-letter code such as US"));
        } else if (!COUNTRIES.contains(country)) {
            broken.add(new Problem.Violation(prefix + ".country", "must be an ISO 3166-1 two-letter code such as US, GB or DE"));
        }
        if (country != null && REGION_AND_CODE_REQUIRED.contains(country)) {
            if (blank(a.region())) {
                broken.add(new Problem.Violation(prefix + ".region", "is required in " + country + " (state or province)"));
            }
            if (blank(a.postalCode())) {
                broken.add(new Problem.Violation(prefix + ".postalCode", "is required in " + country));
            }
        }
        limit(broken, FreeText.NAME, prefix + ".street", a.street());
        limit(broken, FreeText.NAME, prefix + ".city", a.city());
        limit(broken, FreeText.NAME, prefix + ".region", a.region());
        limit(broken, FreeText.REASON, prefix + ".accessNotes", a.accessNotes());
        if (!blank(a.postalCode()) && (!POSTAL_CODE.fits(a.postalCode().strip())
                || !POSTAL.matcher(a.postalCode().strip()).matches())) {
            broken.add(new Problem.Violation(prefix + ".postalCode", "letters, digits, spaces and hyphens; at most "
                    + POSTAL_CODE_CHARACTERS + " characters"));
        }
        if (!blank(a.emergencyNumber()) && !DIALABLE.matcher(a.emergencyNumber().strip()).matches()) {
            broken.add(new Problem.Violation(prefix + ".emergencyNumber", "digits, with + ( ) - . and spaces; 2 to "
                    + EMERGENCY_NUMBER_CHARACTERS + " characters; leave it out for the country's"));
        }
        return broken;
    }

    /**
     * The address as it is kept and published: texts stripped (blank optional ones left out), the country in upper
     * case, and the country's emergency number when none was set. Only for an address that {@link #check} passed.
     */
    public static DosingAddress normalise(DosingAddress a, EmergencyNumbers numbers) {
        String country = normalCountry(a.country());
        return new DosingAddress(a.street().strip(), a.city().strip(), orNull(a.region()), orNull(a.postalCode()), country,
                orNull(a.accessNotes()), blank(a.emergencyNumber()) ? numbers.of(country) : a.emergencyNumber().strip());
    }

    private static String normalCountry(String country) {
        return country == null ? null : country.strip().toUpperCase(Locale.ROOT);
    }

    private static void required(List<Problem.Violation> broken, String field, String value) {
        if (blank(value)) {
            broken.add(new Problem.Violation(field, "is required"));
        }
    }

    private static void limit(List<Problem.Violation> broken, FreeText kind, String field, String value) {
        Problem.Violation v = kind.check(field, value);
        if (v != null) {
            broken.add(v);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String orNull(String value) {
        return blank(value) ? null : value.strip();
    }
}
