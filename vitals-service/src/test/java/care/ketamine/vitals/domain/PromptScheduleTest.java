package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PromptScheduleTest {

    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");
    private final PromptSchedule schedule = new PromptSchedule(Duration.ofMinutes(15), Duration.ofMinutes(120),
            Duration.ofMinutes(20), Duration.ofMinutes(60));

    @ParameterizedTest(name = "{0} min after the dose: patient left alone {1}")
    @CsvSource({
            "15, false",
            "19, false",
            "20, true",   // the quiet window starts at 20 minutes...
            "30, true",
            "45, true",
            "59, true",
            "60, false",  // ...and ends before 60
            "75, false",
    })
    void shouldLeaveThePatientAloneFrom20To60MinutesAfterTheDose(int minutes, boolean quiet) {
        assertThat(schedule.patientQuiet(DOSED, DOSED.plus(Duration.ofMinutes(minutes)))).isEqualTo(quiet);
    }

    @ParameterizedTest(name = "{0} min after the dose, plan's window 30-45: patient left alone {1}")
    @CsvSource({
            "15, false",
            "29, false",
            "30, true",   // the plan's window starts at 30 minutes...
            "44, true",
            "45, false",  // ...and ends before 45
            "60, false",
    })
    void shouldLeaveThePatientAloneOnlyInThePlansOwnWindow(int minutes, boolean quiet) {
        PromptSchedule plans = new PromptSchedule(Duration.ofMinutes(15), Duration.ofMinutes(120),
                Duration.ofMinutes(30), Duration.ofMinutes(45));
        assertThat(plans.patientQuiet(DOSED, DOSED.plus(Duration.ofMinutes(minutes)))).isEqualTo(quiet);
    }

    @ParameterizedTest(name = "{0} min after the dose: no quiet window")
    @CsvSource({"15", "30", "45"})
    void shouldPromptThePatientAtEverySlotWithoutAQuietWindow(int minutes) {
        assertThat(new PromptSchedule(Duration.ofMinutes(15), Duration.ofMinutes(120))
                .patientQuiet(DOSED, DOSED.plus(Duration.ofMinutes(minutes)))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void shouldKeepEverySlotForTheSitter() {
        assertThat(schedule.dueTimes(DOSED)).hasSize(8);
        assertThat(schedule.dueTimes(DOSED).stream().filter(due -> !schedule.patientQuiet(DOSED, due)))
                .as("the patient is asked at 15, 60, 75, 90, 105 and 120 minutes").hasSize(6);
    }
}
