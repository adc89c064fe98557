package care.ketamine.intake.domain;

import care.ketamine.contracts.UsStates;
import care.ketamine.platform.problem.FreeText;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a registration must hold. At-home treatment is for adults in a US state where the
 * program's clinicians can be licensed; every broken rule is listed.
 */
public final class PatientDetailsRules {

    static final int ADULT_AGE = 18;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()\\-.]{7,25}$");

    private final Clock clock;

    public PatientDetailsRules(Clock clock) {
        this.clock = clock;
    }

    public List<Breach> check(PatientDetails p) {
        List<Breach> breaches = new ArrayList<>();
        text(breaches, "givenName", p.givenName());
        text(breaches, "familyName", p.familyName());
        if (p.dateOfBirth() == null) {
            breaches.add(new Breach("dateOfBirth", "is required"));
        } else if (Period.between(p.dateOfBirth(), LocalDate.now(clock)).getYears() < ADULT_AGE) {
            breaches.add(new Breach("dateOfBirth", "the patient must be " + ADULT_AGE + " or older"));
        }
        phone(breaches, "phone", p.phone());
        if (p.email() == null || !EMAIL.matcher(p.email()).matches()) {
            breaches.add(new Breach("email", "must be an email address"));
        } else if (!FreeText.EMAIL.fits(p.email())) {
            breaches.add(new Breach("email", FreeText.EMAIL.rule()));
        }
        if (p.usState() == null || !UsStates.CODES.contains(p.usState())) {
            breaches.add(new Breach("usState", "must be a US state's two-letter code, e.g. CA"));
        }
        if (p.timezone() != null && !FreeText.ZONE.fits(p.timezone())) {
            breaches.add(new Breach("timezone", FreeText.ZONE.rule()));
        } else if (p.timezone() == null || !validZone(p.timezone())) {
            breaches.add(new Breach("timezone", "must be an IANA time zone, e.g. America/Los_Angeles"));
        }
        if ((p.insurancePayer() == null) != (p.insuranceMemberId() == null)) {
            breaches.add(new Breach("insurance", "needs both payer and member id, or neither"));
        }
        if (!FreeText.NAME.fits(p.insurancePayer())) {
            breaches.add(new Breach("insurance.payer", FreeText.NAME.rule()));
        }
        if (!FreeText.NAME.fits(p.insuranceMemberId())) {
            breaches.add(new Breach("insurance.memberId", FreeText.NAME.rule()));
        }
        contact(breaches, "emergencyContact", p.emergencyContact());
        contact(breaches, "sitter", p.sitter());
        return breaches;
    }

    private static void contact(List<Breach> breaches, String field, Contact contact) {
        if (contact == null) {
            breaches.add(new Breach(field, "is required"));
            return;
        }
        text(breaches, field + ".name", contact.name());
        phone(breaches, field + ".phone", contact.phone());
        text(breaches, field + ".relationship", contact.relationship());
    }

    private static void text(List<Breach> breaches, String field, String value) {
        if (value == null || value.isBlank()) {
            breaches.add(new Breach(field, "is required"));
        } else if (!FreeText.NAME.fits(value)) {
            breaches.add(new Breach(field, FreeText.NAME.rule()));
        }
    }

    private static void phone(List<Breach> breaches, String field, String value) {
        if (value == null || !PHONE.matcher(value).matches() || PatientDetails.digits(value).length() < 7) {
            breaches.add(new Breach(field, "must be a phone number"));
        }
    }

    private static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return zone.contains("/");
        } catch (DateTimeException e) {
            return false;
        }
    }
}
