package care.ketamine.simulator.run;

import care.ketamine.contracts.security.DevelopmentTokens;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.simulator.stack.ClinicApi;
import care.ketamine.simulator.stack.ClinicApi.Answer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Brings one simulated patient to a dosing session the way the clinic does, through the public
 * APIs: the clinician (session-service), the patient registered, screened and approved (intake),
 * a completed preparation, the dosing session booked, and a blood pressure cuff, a pulse oximeter and
 * the sitter's phone paired.
 */
final class Enrolment {

    /** Kafka carries the licence to intake and the plan to session-service; they arrive within seconds. */
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(40);
    static final String SITTER = "Sam Rivera";
    /** Where every simulated patient doses; confirmed at each check-in. */
    static final Map<String, String> DOSING_ADDRESS = Map.of("street", "12 Oak St", "city", "Oakland", "region", "CA",
            "postalCode", "94607", "country", "US");

    private final ClinicApi api;
    private final DevelopmentTokens tokens;
    private final Clock clock;
    private final String run;
    private final Duration oximeterSendsEvery;
    private final Set<String> clinicians = new HashSet<>();
    private final Random random = new Random();

    /** @param oximeterSendsEvery how often (clinical time) the oximeter sends its batch, the cadence it declares */
    Enrolment(ClinicApi api, DevelopmentTokens tokens, Clock clock, String run, Duration oximeterSendsEvery) {
        this.oximeterSendsEvery = oximeterSendsEvery;
        this.api = api;
        this.tokens = tokens;
        this.clock = clock;
        this.run = run;
    }

    /** A session ready for check-in: its ids and the tokens of everyone who acts in it. */
    record EnrolledSession(String sessionId, String patientId, String clinicianId, String clinicianToken,
                           String cuffToken, String oximeterToken, String sitterToken) {
    }

    /**
     * @param slot the session's place in its clinician's day (0, 1, ...): sessions of one clinician
     *             are booked four hours apart so they never overlap
     */
    EnrolledSession enrol(int index, String clinicianId, int slot) {
        String clinician = tokens.staff(clinicianId, Roles.CLINICIAN, Duration.ofHours(12));
        String intake = tokens.staff("intake-simulator", Roles.INTAKE, Duration.ofHours(12));
        ensureClinician(clinicianId);
        String patientId = api.require("registering patient " + index, api.post(api.stack().intake() + "/patients", intake, Map.of(
                "givenName", "Simulated", "familyName", "Patient " + run + "-" + index, "dateOfBirth", "1986-04-12",
                "phone", "+1 415 555 " + String.format("%04d", random.nextInt(10_000)), "email", "sim@example.org",
                "usState", "CA", "timezone", "America/Los_Angeles",
                "emergencyContact", Map.of("name", "Jo Rivera", "phone", "+1 415 555 0101", "relationship", "sister"),
                "sitter", Map.of("name", SITTER, "phone", "+1 415 555 0188", "relationship", "spouse")))).text("id");
        api.require("screening", api.post(api.stack().intake() + "/patients/" + patientId + "/screenings", intake, Map.of(
                "phq9", List.of(2, 2, 1, 2, 1, 2, 1, 2, 0), "gad7", List.of(1, 2, 1, 1, 0, 1, 1),
                "majorDepressiveDisorder", true, "failedAntidepressantTrials", 2, "acuteSuicidalIdeation", false,
                "recentSuicideAttemptOrIntent", false, "contraindications", List.of(), "medications", List.of(),
                "baselineBloodPressure", Map.of("systolic", 128, "diastolic", 82), "baselineHeartRate", 72)));
        untilAccepted("approving patient " + index, () -> api.post(api.stack().intake() + "/patients/" + patientId + "/evaluations",
                clinician, Map.of("decision", "APPROVE", "note", "Simulated approval.", "plan", Map.of("doseMg", 300,
                        "dosingAddress", DOSING_ADDRESS))));

        Instant firstHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1 + 4L * slot));
        String preparation = book(patientId, clinicianId, "PREPARATION", firstHour);
        api.require("completing the preparation", api.post(api.stack().sessions() + "/sessions/" + preparation + "/complete",
                clinician, Map.of()));
        String session = book(patientId, clinicianId, "DOSING", firstHour.plus(Duration.ofHours(2)));
        String cuff = pair(session, clinician, Map.of("role", Roles.PATIENT_DEVICE, "kind", DeviceKinds.BP_CUFF,
                "label", "simulated cuff", "manufacturer", "Simulated", "model", "Cuff 1", "firmware", "1.0"));
        String oximeter = pair(session, clinician, Map.of("role", Roles.PATIENT_DEVICE, "kind", DeviceKinds.PULSE_OXIMETER,
                "cadenceSeconds", (int) oximeterSendsEvery.toSeconds(), "label", "simulated oximeter",
                "manufacturer", "Simulated", "model", "Oximeter 1", "firmware", "1.0"));
        String sitter = pair(session, clinician, Map.of("role", Roles.SITTER, "label", "sitter phone"));
        return new EnrolledSession(session, patientId, clinicianId, clinician, cuff, oximeter, sitter);
    }

    /**
     * The clinician, licensed in CA, available all day in a timezone where it is about 01:00 now, so
     * that the day's sessions stay within one local day (a session may not span midnight). An
     * existing clinician (e.g. the console's dr.rivera) is updated to the same.
     */
    private synchronized void ensureClinician(String clinicianId) {
        if (clinicians.contains(clinicianId)) {
            return;
        }
        String admin = tokens.staff("admin-simulator", Roles.ADMIN, Duration.ofHours(1));
        List<Map<String, String>> days = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            days.add(Map.of("day", day, "from", "00:00", "to", "23:59"));
        }
        Map<String, Object> body = Map.of("id", clinicianId, "displayName", "Dr " + clinicianId, "licenceType", "MD",
                "licensedStates", List.of("CA"), "timezone", zoneWhereItIsEarlyMorning(), "availability", days);
        Answer created = api.post(api.stack().sessions() + "/clinicians", admin, body);
        if (created.status() == 409) {
            api.require("updating clinician " + clinicianId, api.put(api.stack().sessions() + "/clinicians/" + clinicianId, admin, body));
        } else {
            api.require("creating clinician " + clinicianId, created);
        }
        clinicians.add(clinicianId);
    }

    /** An Etc/GMT zone where the local time is between 01:00 and 02:00 now. */
    String zoneWhereItIsEarlyMorning() {
        int hour = clock.instant().atOffset(ZoneOffset.UTC).getHour();
        int ahead = (1 - hour + 24) % 24;
        if (ahead > 14) {
            ahead -= 24;
        }
        // Etc/GMT signs are inverted: Etc/GMT-5 is five hours ahead of UTC.
        return ahead == 0 ? "Etc/GMT" : ahead > 0 ? "Etc/GMT-" + ahead : "Etc/GMT+" + (-ahead);
    }

    /** Books at {@code start}, or the next free hour when the clinician is taken then. */
    private String book(String patientId, String clinicianId, String type, Instant start) {
        String scheduler = tokens.staff("scheduler-simulator", Roles.SCHEDULER, Duration.ofHours(1));
        Instant at = start;
        Answer last = null;
        Instant deadline = clock.instant().plus(PROJECTION_WAIT);
        while (clock.instant().isBefore(deadline)) {
            last = api.post(api.stack().sessions() + "/sessions", scheduler,
                    Map.of("patientId", patientId, "clinicianId", clinicianId, "type", type, "start", at.toString()));
            if (last.ok()) {
                return last.text("id");
            }
            if (last.raw().contains("already booked")) {
                at = at.plus(Duration.ofHours(1));
            } else {
                pause(Duration.ofMillis(500)); // the plan has not reached session-service yet
            }
        }
        throw new ClinicApi.StackRefused("booking a " + type + " session was refused: " + (last == null ? "no answer" : last.problem()));
    }

    private String pair(String session, String clinician, Map<String, Object> device) {
        return api.require("pairing the " + device.get("label"), api.post(api.stack().sessions() + "/sessions/" + session + "/devices",
                clinician, device)).text("token");
    }

    private void untilAccepted(String what, Supplier<Answer> call) {
        Instant deadline = clock.instant().plus(PROJECTION_WAIT);
        Answer last = call.get();
        while (!last.ok() && clock.instant().isBefore(deadline)) {
            pause(Duration.ofMillis(500));
            last = call.get();
        }
        api.require(what, last);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
