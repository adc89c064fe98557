package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlotFinderTest {

    private static final DosingHours DAYTIME = new DosingHours(LocalTime.of(8, 0), LocalTime.of(16, 0));
    private static final Instant NOW = Instant.parse("2026-03-02T13:10:00Z"); // Monday, 08:10 in New York

    private static ClinicianCalendar clinician(String id, Set<String> states, List<Booking> bookings) {
        return new ClinicianCalendar(id, true, states, ZoneId.of("America/New_York"),
                List.of(new WeeklyHours(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0))), List.of(), bookings);
    }

    @Test
    void shouldOfferEveryFreeStartWithinHoursSoonestFirstFromLicensedCliniciansOnly() {
        Booking busy = new Booking("s", SessionType.INTEGRATION, Instant.parse("2026-03-02T14:00:00Z"),
                Instant.parse("2026-03-02T15:00:00Z"), SessionState.SCHEDULED);
        PatientCalendar patient = new PatientCalendar("p", "NY", ZoneId.of("America/New_York"), DAYTIME, new ActivePlan("plan", 6, 3), List.of());

        List<SlotFinder.Slot> slots = new SlotFinder().find(SessionType.INTEGRATION, Duration.ofHours(1), patient,
                List.of(clinician("a", Set.of("NY"), List.of(busy)), clinician("b", Set.of("NJ"), List.of())),
                NOW, NOW.plus(Duration.ofDays(1)), NOW, 10);

        // 09:00-12:00 EST is 14:00-17:00Z; 14:00-15:00Z is taken: one-hour starts at 10:00, 10:30 and 11:00 remain.
        assertThat(slots).extracting(s -> s.start().toString())
                .containsExactly("2026-03-02T15:00:00Z", "2026-03-02T15:30:00Z", "2026-03-02T16:00:00Z");
        assertThat(slots).extracting(SlotFinder.Slot::clinicianId).containsOnly("a");
    }

    @Test
    void shouldStopAtTheLimit() {
        PatientCalendar patient = new PatientCalendar("p", "NY", ZoneId.of("America/New_York"), DAYTIME, new ActivePlan("plan", 6, 3), List.of());

        assertThat(new SlotFinder().find(SessionType.PREPARATION, Duration.ofMinutes(30), patient,
                List.of(clinician("a", Set.of("NY"), List.of())), NOW, NOW.plus(Duration.ofDays(7)), NOW, 3)).hasSize(3);
    }
}
