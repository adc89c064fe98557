package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration DOSING = Duration.ofMinutes(150);
    private static final ActivePlan PLAN = new ActivePlan("plan-1", 6, 3);
    private static final Booking PREPARED = new Booking("prep", SessionType.PREPARATION,
            Instant.parse("2026-02-20T15:00:00Z"), Instant.parse("2026-02-20T16:00:00Z"), SessionState.COMPLETED);

    private final SchedulingRules rules = new SchedulingRules();

    /** A New York clinician licensed in NY and NJ, available every day 09:00-17:00 local time. */
    private static ClinicianCalendar clinician(List<Booking> bookings, List<ClinicianCalendar.Leave> leave) {
        List<WeeklyHours> hours = java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> new WeeklyHours(d, LocalTime.of(9, 0), LocalTime.of(17, 0))).toList();
        return new ClinicianCalendar("dr", true, Set.of("NY", "NJ"), NEW_YORK, hours, leave, bookings);
    }

    private static final DosingHours DAYTIME = new DosingHours(LocalTime.of(8, 0), LocalTime.of(16, 0));

    /** A patient in New York, doses permitted from 08:00 to 16:00 there. */
    private static PatientCalendar patient(String state, ActivePlan plan, Booking... sessions) {
        return new PatientCalendar("p-1", state, NEW_YORK, DAYTIME, plan, List.of(sessions));
    }

    /** A clinician available around the clock in UTC, so that only the patient's hours can refuse a start. */
    private static ClinicianCalendar anyHourClinician() {
        List<WeeklyHours> hours = java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> new WeeklyHours(d, LocalTime.MIN, LocalTime.MAX)).toList();
        return new ClinicianCalendar("dr", true, Set.of("NY", "NJ", "CA", "AZ", "HI", "AK", "IL"), ZoneId.of("UTC"),
                hours, List.of(), List.of());
    }

    private List<String> rulesBroken(SessionType type, String start, PatientCalendar patient, ClinicianCalendar clinician) {
        Duration duration = type == SessionType.DOSING ? DOSING : Duration.ofMinutes(60);
        return rules.check(type, Instant.parse(start), duration, patient, clinician, NOW, null).stream()
                .map(Breach::rule).toList();
    }

    @Test
    void shouldBookADoseForAPreparedPatientWithAnAvailableLicensedClinician() {
        assertThat(rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", PLAN, PREPARED),
                clinician(List.of(), List.of()))).isEmpty();
    }

    @ParameterizedTest(name = "{0} local-time check at {1}: {2}")
    @CsvSource({
            // Before the change (EST, UTC-5): 09:00 local is 14:00Z.
            "before DST, 2026-03-07T14:00:00Z, true",
            "before DST, 2026-03-07T13:30:00Z, false",
            // The change: Sunday 8 March 2026, EDT (UTC-4): 09:00 local is 13:00Z.
            "day of DST, 2026-03-08T13:00:00Z, true",
            "after DST, 2026-03-09T13:00:00Z, true",
            "after DST, 2026-03-09T12:30:00Z, false",
            // 14:30Z + 2.5 h ends 17:00 EST before the change, but 18:00 EDT after it.
            "before DST end, 2026-03-07T19:30:00Z, true",
            "after DST end, 2026-03-09T19:30:00Z, false",
    })
    void shouldReadTheClinicianHoursInTheirZoneAcrossADaylightSavingChange(String when, String start, boolean available) {
        PatientCalendar p = patient("NY", PLAN, PREPARED);

        assertThat(rulesBroken(SessionType.DOSING, start, p, clinician(List.of(), List.of()))
                .stream().noneMatch(r -> r.startsWith("outside the clinician's hours"))).isEqualTo(available);
    }

    @Test
    void shouldRefuseAClinicianLicensedInAnotherState() {
        assertThat(rulesBroken(SessionType.PREPARATION, "2026-03-03T14:00:00Z", patient("CA", PLAN),
                clinician(List.of(), List.of()))).containsExactly("the clinician is not licensed in CA, the patient's state");
    }

    @Test
    void shouldRefuseAPatientWithoutAnApprovedPlan() {
        assertThat(rulesBroken(SessionType.PREPARATION, "2026-03-03T14:00:00Z", patient("NY", null),
                clinician(List.of(), List.of()))).containsExactly("the patient has no approved treatment plan");
    }

    @Test
    void shouldRequireACompletedPreparationBeforeADose() {
        Booking scheduledPrep = new Booking("prep", SessionType.PREPARATION, Instant.parse("2026-03-02T14:00:00Z"),
                Instant.parse("2026-03-02T15:00:00Z"), SessionState.SCHEDULED);

        assertThat(rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", PLAN, scheduledPrep),
                clinician(List.of(), List.of()))).containsExactly("a DOSING session needs a completed PREPARATION session first");
    }

    @ParameterizedTest(name = "another dose at {0}: {1}")
    @CsvSource({"2026-03-01T14:00:00Z, false", "2026-02-28T14:00:01Z, false", "2026-02-28T14:00:00Z, true",
            "2026-03-06T14:00:00Z, true", "2026-03-05T14:00:00Z, false"})
    void shouldKeepDosesTheMinimumDaysApart(String otherDose, boolean allowed) {
        Booking other = new Booking("d-1", SessionType.DOSING, Instant.parse(otherDose),
                Instant.parse(otherDose).plus(DOSING), SessionState.COMPLETED);

        List<String> broken = rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", PLAN, PREPARED, other),
                clinician(List.of(), List.of()));

        assertThat(broken.contains("doses must be at least 3 days apart")).isEqualTo(!allowed);
    }

    @Test
    void shouldNotExceedThePlansSeriesButNotCountCancelledOrAbortedDoses() {
        ActivePlan two = new ActivePlan("plan-2", 2, 3);
        Booking d1 = new Booking("d1", SessionType.DOSING, Instant.parse("2026-02-10T15:00:00Z"),
                Instant.parse("2026-02-10T17:30:00Z"), SessionState.COMPLETED);
        Booking d2 = new Booking("d2", SessionType.DOSING, Instant.parse("2026-02-14T15:00:00Z"),
                Instant.parse("2026-02-14T17:30:00Z"), SessionState.COMPLETED);
        Booking aborted = new Booking("d3", SessionType.DOSING, Instant.parse("2026-02-18T15:00:00Z"),
                Instant.parse("2026-02-18T17:30:00Z"), SessionState.ABORTED);

        assertThat(rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", two, PREPARED, d1, aborted),
                clinician(List.of(), List.of()))).isEmpty();
        assertThat(rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", two, PREPARED, d1, d2),
                clinician(List.of(), List.of())))
                .containsExactly("the plan's series of 2 dosing sessions is used up: a new plan is needed");
    }

    @ParameterizedTest(name = "{0}, tablet taken: {1} -> uses a dose: {2}")
    @CsvSource({
            "COMPLETED, true, true",
            "ABORTED, true, true",
            "ENDED_EARLY, true, true",
            "HANDED_OVER, true, true",
            "ABORTED, false, false",
            "CANCELLED, false, false",
            "SCHEDULED, false, true"})
    void shouldCountATakenDoseTowardTheSeriesAndSpacingWhateverItsEndState(SessionState state, boolean taken,
                                                                            boolean counts) {
        ActivePlan one = new ActivePlan("plan-1", 1, 3);
        Booking dose = new Booking("d1", SessionType.DOSING, Instant.parse("2026-03-02T15:00:00Z"),
                Instant.parse("2026-03-02T17:30:00Z"), state, taken ? Instant.parse("2026-03-02T15:20:00Z") : null);

        List<String> broken = rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", patient("NY", one, PREPARED, dose),
                clinician(List.of(), List.of()));

        assertThat(dose.usesADose()).isEqualTo(counts);
        assertThat(broken.contains("the plan's series of 1 dosing sessions is used up: a new plan is needed")).isEqualTo(counts);
        assertThat(broken.contains("doses must be at least 3 days apart")).isEqualTo(counts);
    }

    @Test
    void shouldRefuseADoubleBookingLeaveAndAShortDose() {
        Booking busy = new Booking("other", SessionType.INTEGRATION, Instant.parse("2026-03-03T16:00:00Z"),
                Instant.parse("2026-03-03T17:00:00Z"), SessionState.SCHEDULED);
        Booking cancelled = new Booking("gone", SessionType.INTEGRATION, Instant.parse("2026-03-04T14:00:00Z"),
                Instant.parse("2026-03-04T15:00:00Z"), SessionState.CANCELLED);
        ClinicianCalendar c = clinician(List.of(busy, cancelled), List.of(new ClinicianCalendar.Leave(
                LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-12"))));
        PatientCalendar p = patient("NY", PLAN, PREPARED);

        assertThat(rulesBroken(SessionType.DOSING, "2026-03-03T14:00:00Z", p, c))
                .containsExactly("the clinician is already booked at that time");
        assertThat(rulesBroken(SessionType.DOSING, "2026-03-04T14:00:00Z", p, c)).isEmpty();
        assertThat(rulesBroken(SessionType.DOSING, "2026-03-11T14:00:00Z", p, c))
                .containsExactly("the clinician is on leave that day");
        assertThat(rules.check(SessionType.DOSING, Instant.parse("2026-03-05T14:00:00Z"), Duration.ofMinutes(120), p, c, NOW, null))
                .extracting(Breach::rule).containsExactly("a DOSING session blocks at least 150 minutes");
        assertThat(rulesBroken(SessionType.PREPARATION, "2026-02-27T14:00:00Z", p, c)).contains("must be in the future");
    }

    @ParameterizedTest(name = "{0}: dose starting {1} in {2} permitted: {3}")
    @CsvSource({
            // Spring forward, Sunday 8 March 2026 at 02:00 local. New York: EST (UTC-5) before, EDT (UTC-4) after.
            "NY the day before, 2026-03-07T13:00:00Z, America/New_York, true",   // 08:00 EST
            "NY the day before, 2026-03-07T12:59:00Z, America/New_York, false",  // 07:59 EST
            "NY on the day,     2026-03-08T12:00:00Z, America/New_York, true",   // 08:00 EDT (07:00 had it been EST)
            "NY on the day,     2026-03-08T11:59:00Z, America/New_York, false",  // 07:59 EDT
            "NY on the day,     2026-03-08T20:00:00Z, America/New_York, true",   // 16:00 EDT, the last start
            "NY on the day,     2026-03-08T20:01:00Z, America/New_York, false",  // 16:01 EDT
            "NY the day before, 2026-03-07T21:00:00Z, America/New_York, true",   // 16:00 EST
            "NY the day before, 2026-03-07T21:01:00Z, America/New_York, false",
            // Los Angeles: PST (UTC-8) before, PDT (UTC-7) after.
            "LA on the day,     2026-03-08T15:00:00Z, America/Los_Angeles, true",   // 08:00 PDT
            "LA on the day,     2026-03-08T14:30:00Z, America/Los_Angeles, false",  // 07:30 PDT
            "LA the day after,  2026-03-09T23:00:00Z, America/Los_Angeles, true",   // 16:00 PDT
            "LA the day after,  2026-03-10T00:00:00Z, America/Los_Angeles, false",  // 17:00 PDT
            // Phoenix keeps MST (UTC-7) all year: the same instant as LA's 08:00 PDT is 08:00 there too.
            "Phoenix on the day, 2026-03-08T15:00:00Z, America/Phoenix, true",
            "Phoenix on the day, 2026-03-08T14:59:00Z, America/Phoenix, false",
            // Fall back, Sunday 1 November 2026 at 02:00 local. Chicago: CDT (UTC-5) before, CST (UTC-6) after.
            "Chicago the day before, 2026-10-31T13:00:00Z, America/Chicago, true",   // 08:00 CDT
            "Chicago on the day,     2026-11-01T13:00:00Z, America/Chicago, false",  // 07:00 CST
            "Chicago on the day,     2026-11-01T14:00:00Z, America/Chicago, true",   // 08:00 CST
            "Chicago on the day,     2026-11-01T22:00:00Z, America/Chicago, true",   // 16:00 CST
            "Chicago on the day,     2026-11-01T22:30:00Z, America/Chicago, false",  // 16:30 CST
            "NY on fall-back day,    2026-11-01T12:30:00Z, America/New_York, false", // 07:30 EST
            "NY on fall-back day,    2026-11-01T13:00:00Z, America/New_York, true",  // 08:00 EST
            // Honolulu (UTC-10, no DST) and Anchorage (AKST UTC-9 after the change).
            "Honolulu,  2026-11-01T18:00:00Z, Pacific/Honolulu, true",    // 08:00 HST
            "Honolulu,  2026-11-02T02:01:00Z, Pacific/Honolulu, false",   // 16:01 HST
            "Anchorage, 2026-11-01T17:00:00Z, America/Anchorage, true",   // 08:00 AKST
            "Anchorage, 2026-11-01T16:00:00Z, America/Anchorage, false",  // 07:00 AKST
    })
    void shouldStartADoseOnlyWithinThePatientsHoursInTheirOwnZoneAcrossDaylightSavingChanges(
            String when, String start, String zone, boolean permitted) {
        PatientCalendar p = new PatientCalendar("p-1", "NY", ZoneId.of(zone), DAYTIME, PLAN, List.of(PREPARED));

        // The clinician's own hours are another rule (a UTC day here); only the patient's are looked at.
        List<String> broken = rules.check(SessionType.DOSING, Instant.parse(start), DOSING, p, anyHourClinician(),
                Instant.parse("2026-01-01T00:00:00Z"), null).stream().map(Breach::rule)
                .filter(rule -> !rule.startsWith("outside the clinician's hours")).toList();

        if (permitted) {
            assertThat(broken).isEmpty();
        } else {
            assertThat(broken).singleElement().asString().startsWith("outside the patient's permitted dosing hours (08:00 to 16:00 "
                    + zone + "; this start is ");
        }
    }

    @Test
    void shouldNotLimitPreparationOrIntegrationToThePatientsDosingHours() {
        PatientCalendar p = new PatientCalendar("p-1", "NY", NEW_YORK, DAYTIME, PLAN, List.of(PREPARED));

        assertThat(rules.check(SessionType.INTEGRATION, Instant.parse("2026-03-10T21:00:00Z"), Duration.ofMinutes(60), p,
                anyHourClinician(), NOW, null)).isEmpty(); // 17:00 EDT
        assertThat(rules.check(SessionType.DOSING, Instant.parse("2026-03-10T21:00:00Z"), DOSING, p,
                anyHourClinician(), NOW, null)).extracting(Breach::rule)
                .containsExactly("outside the patient's permitted dosing hours (08:00 to 16:00 America/New_York; this start is "
                        + "2026-03-10T17:00 there)");
    }

    @Test
    void shouldRefuseEmptyOrReversedHours() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DosingHours(LocalTime.of(16, 0), LocalTime.of(8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
