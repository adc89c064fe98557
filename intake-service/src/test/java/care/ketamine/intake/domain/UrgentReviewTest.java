package care.ketamine.intake.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrgentReviewTest {

    private static final Instant SCREENED = Instant.parse("2026-11-27T22:30:00Z");

    private static Screening screening(boolean acuteIdeation, boolean attemptOrIntent, int item9) {
        return new Screening(List.of(2, 2, 2, 2, 1, 1, 1, 1, item9), List.of(1, 1, 1, 1, 1, 1, 1), true, 2, acuteIdeation,
                attemptOrIntent, Set.of(), Set.of(), 124, 78, 72);
    }

    @ParameterizedTest(name = "ideation {0}, attempt or intent {1}, item 9 = {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "true  | false | 0 | ACUTE  | PT1H  | ACUTE_SUICIDAL_IDEATION",
            "true  | false | 3 | ACUTE  | PT1H  | ACUTE_SUICIDAL_IDEATION PHQ9_ITEM9_POSITIVE",
            "false | true  | 0 | ACUTE  | PT1H  | RECENT_ATTEMPT_OR_INTENT",
            "true  | true  | 2 | ACUTE  | PT1H  | ACUTE_SUICIDAL_IDEATION RECENT_ATTEMPT_OR_INTENT PHQ9_ITEM9_POSITIVE",
            "false | false | 1 | PROMPT | PT24H | PHQ9_ITEM9_POSITIVE",
            "false | false | 3 | PROMPT | PT24H | PHQ9_ITEM9_POSITIVE",
            "false | false | 0 | none   | none  | none"})
    void shouldOpenATaskWithItsDeadlineOnlyForSuicideRisk(boolean ideation, boolean attempt, int item9, String urgency,
                                                          Duration due, String reasons) {
        Optional<UrgentReview.Opening> opening = UrgentReview.forScreening(screening(ideation, attempt, item9),
                UrgentReview.Deadlines.DEFAULTS, SCREENED);

        if (urgency == null) {
            assertThat(opening).isEmpty();
            return;
        }
        assertThat(opening).hasValueSatisfying(o -> {
            assertThat(o.urgency().name()).isEqualTo(urgency);
            assertThat(o.dueAt()).isEqualTo(SCREENED.plus(due));
            assertThat(o.reasons()).containsExactly(reasons.split(" "));
        });
    }

    @Test
    void shouldTakeItsDeadlinesFromConfiguration() {
        UrgentReview.Deadlines clinic = new UrgentReview.Deadlines(Duration.ofMinutes(30), Duration.ofHours(8));

        assertThat(UrgentReview.forScreening(screening(true, false, 0), clinic, SCREENED).orElseThrow().dueAt())
                .isEqualTo(SCREENED.plus(Duration.ofMinutes(30)));
        assertThat(UrgentReview.forScreening(screening(false, false, 1), clinic, SCREENED).orElseThrow().dueAt())
                .isEqualTo(SCREENED.plus(Duration.ofHours(8)));
    }

    @Test
    void shouldRefuseDeadlinesThatWouldLetAcuteRiskWaitLonger() {
        assertThatThrownBy(() -> new UrgentReview.Deadlines(Duration.ZERO, Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UrgentReview.Deadlines(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} {1} active {2} for a patient in CA: {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "MD   | CA OR | true  | none",
            "LCSW | CA    | true  | none",
            "PsyD | CA    | true  | none",
            "MD   | NY    | true  | the clinician is not licensed in CA, the patient's state",
            "MD   | CA    | false | the clinician is not active"})
    void shouldLetAnActiveClinicianLicensedInThePatientsStateTakeIt(String type, String states, boolean active, String refusal) {
        Licence licence = new Licence("c-1", type, Set.of(states.split(" ")), active);

        List<String> refusals = UrgentReview.refusalsToTake(licence, "CA");

        assertThat(refusals).isEqualTo(refusal == null ? List.of() : List.of(refusal));
    }

    @Test
    void shouldRefuseAClinicianWithNoLicenceOnRecord() {
        assertThat(UrgentReview.refusalsToTake(null, "CA")).containsExactly("no licence is on record for this clinician");
    }
}
