package care.ketamine.intake.domain;

import care.ketamine.contracts.UsStates;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a registration must hold beyond its shape (required fields, text limits and phone and email forms,
 * which the request declares): at-home treatment is for adults in a US state where the program's
 * clinicians can be licensed, in a time zone the sessions can be scheduled in; every broken rule is listed.
 */
public final class PatientDetailsRules {

    static final int ADULT_AGE = 18;

    private final Clock clock;

    public PatientDetailsRules(Clock clock) {
        this.clock = clock;
    }

    public List<Breach> check(PatientDetails p) {
        List<Breach> breaches = new ArrayList<>();
        if (p.dateOfBirth() != null && Period.between(p.dateOfBirth(), LocalDate.now(clock)).getYears() < ADULT_AGE) {
            breaches.add(new Breach("dateOfBirth", "the patient must be " + ADULT_AGE + " or older"));
        }
        if (p.usState() == null || !UsStates.CODES.contains(p.usState())) {
            breaches.add(new Breach("usState", "must be a US state's two-letter code, e.g. CA"));
        }
        if (p.timezone() == null || !validZone(p.timezone())) {
            breaches.add(new Breach("timezone", "must be an IANA time zone, e.g. America/Los_Angeles"));
        }
        if ((p.insurancePayer() == null) != (p.insuranceMemberId() == null)) {
            breaches.add(new Breach("insurance", "needs both payer and member id, or neither"));
        }
        return breaches;
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
