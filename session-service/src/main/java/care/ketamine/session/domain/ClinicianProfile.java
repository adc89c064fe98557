package care.ketamine.session.domain;

import care.ketamine.contracts.UsStates;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A clinician as an admin describes them, and the rules that description must keep. */
public record ClinicianProfile(String id, String displayName, LicenceType licenceType, Set<String> licensedStates,
                               String timezone, List<WeeklyHours> availability, boolean active) {


    /**
     * Every rule of the clinic the profile breaks. That a name, a licence, states and hours are given at all is the
     * request's shape (ClinicianRequest), checked before a profile is made.
     */
    public List<Breach> problems() {
        List<Breach> problems = new ArrayList<>();
        if (id == null || !id.matches("[A-Za-z0-9._@-]{3,100}")) {
            problems.add(new Breach("id", "must be 3-100 letters, digits or . _ @ - (the clinician's sign-in subject)"));
        }
        if (licensedStates != null) {
            licensedStates.stream().filter(s -> !UsStates.CODES.contains(s)).sorted()
                    .forEach(s -> problems.add(new Breach("licensedStates", s + " is not a US state's two-letter code")));
        }
        if (timezone == null || !validZone(timezone)) {
            problems.add(new Breach("timezone", "must be an IANA time zone, e.g. America/New_York"));
        }
        if (availability != null) {
            for (int i = 0; i < availability.size(); i++) {
                WeeklyHours h = availability.get(i);
                if (h == null || h.day() == null || h.from() == null || h.to() == null || !h.from().isBefore(h.to())) {
                    problems.add(new Breach("availability[" + i + "]", "needs a day and a from time before the to time"));
                }
            }
        }
        return problems;
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
