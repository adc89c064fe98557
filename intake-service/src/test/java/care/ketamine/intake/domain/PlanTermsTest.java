package care.ketamine.intake.domain;

import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTermsTest {

    private static final MonitoringThresholds D = PlanTerms.DEFAULT_THRESHOLDS;
    private static final PatientQuietWindow QUIET = PlanTerms.DEFAULT_PATIENT_QUIET_WINDOW;

    private static PlanTerms with(MonitoringThresholds thresholds) {
        return new PlanTerms(6, 3, 300, thresholds, QUIET);
    }

    private static PlanTerms quiet(int fromMinutes, int untilMinutes) {
        return new PlanTerms(6, 3, 300, D, new PatientQuietWindow(fromMinutes, untilMinutes));
    }

    @Test
    void shouldAcceptTheClinicalDefaults() {
        assertThat(with(D).check()).isEmpty();
        assertThat(D.gateMaxSystolic()).isEqualTo(160);
        assertThat(D.gateMaxDiastolic()).isEqualTo(90);
        assertThat(D.gateMaxHeartRate()).isEqualTo(100);
        assertThat(D.spo2Critical()).isEqualTo(90);
    }

    @Test
    void shouldAcceptStricterThresholds() {
        MonitoringThresholds stricter = new MonitoringThresholds(150, 85, 95, 150, 95, 30, 20, 110, 55, 94, 92);
        assertThat(with(stricter).check()).isEmpty();
    }

    @ParameterizedTest(name = "{0} looser than default: {1}")
    @CsvSource(delimiter = '|', value = {
            "gateMaxSystolic | may only be made stricter: at most 160, not 170",
            "gateMaxHeartRate | may only be made stricter: at most 100, not 110",
            "riseSystolic | may only be made stricter: at most 40, not 50",
            "heartRateLow | may only be made stricter: at least 50, not 40",
            "spo2Critical | may only be made stricter: at least 90, not 88",
    })
    void shouldRefuseAnyLooserThreshold(String name, String rule) {
        MonitoringThresholds looser = switch (name) {
            case "gateMaxSystolic" -> new MonitoringThresholds(170, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);
            case "gateMaxHeartRate" -> new MonitoringThresholds(160, 90, 110, 160, 100, 40, 25, 120, 50, 92, 90);
            case "riseSystolic" -> new MonitoringThresholds(160, 90, 100, 160, 100, 50, 25, 120, 50, 92, 90);
            case "heartRateLow" -> new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 40, 92, 90);
            default -> new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 88);
        };

        assertThat(with(looser).check()).containsExactly(new Breach("plan.thresholds." + name, rule));
    }

    @ParameterizedTest(name = "{0} sessions, {1} days, {2} mg: {3}")
    @CsvSource({"7, 3, 300, plan.dosingSessions", "0, 3, 300, plan.dosingSessions", "6, 0, 300, plan.minDaysBetweenDoses",
            "6, 3, 0, plan.doseMg", "6, 3, 1001, plan.doseMg"})
    void shouldKeepTheSeriesWithinItsBounds(int sessions, int days, int dose, String field) {
        assertThat(new PlanTerms(sessions, days, dose, D, QUIET).check()).extracting(Breach::field).containsExactly(field);
    }

    @Test
    void shouldLeaveThePatientUnpromptedFrom20To60MinutesAfterTheDoseByDefault() {
        assertThat(QUIET).isEqualTo(new PatientQuietWindow(20, 60));
        assertThat(with(D).check()).isEmpty();
    }

    @ParameterizedTest(name = "quiet from {0} until {1} min: allowed")
    @CsvSource({
            "0, 90",     // from the dose, as long as a window may be
            "20, 60",    // the default: the peak of dissociation
            "30, 45",    // around the 40-minute peak only
            "30, 120",   // up to the end of observation
            "119, 120",  // the latest, shortest window
            "0, 1",
    })
    void shouldAcceptAQuietWindowWithinTheObservationPeriod(int from, int until) {
        assertThat(quiet(from, until).check()).isEmpty();
    }

    @ParameterizedTest(name = "quiet from {0} until {1} min: {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "-1  | 60  | fromMinutes  | must be between 0 and 119 minutes after the dose, not -1",
            "20  | 121 | untilMinutes | must be at most 120 minutes after the dose (the observation period), not 121",
            "40  | 40  | untilMinutes | must be after fromMinutes (40), not 40",
            "60  | 20  | untilMinutes | must be after fromMinutes (60), not 20",
            "0   | 91  | untilMinutes | must be at most 90 minutes after fromMinutes (0), not 91",
            "29  | 120 | untilMinutes | must be at most 90 minutes after fromMinutes (29), not 120",
    })
    void shouldRefuseAQuietWindowOutOfBounds(int from, int until, String field, String rule) {
        assertThat(quiet(from, until).check())
                .containsExactly(new Breach("plan.patientQuietWindow." + field, rule));
    }

    @Test
    void shouldNameBothEndsWhenBothAreOutOfBounds() {
        assertThat(quiet(-5, 200).check()).extracting(Breach::field)
                .containsExactly("plan.patientQuietWindow.fromMinutes", "plan.patientQuietWindow.untilMinutes");
        assertThat(quiet(120, 121).check()).containsExactly(
                new Breach("plan.patientQuietWindow.fromMinutes", "must be between 0 and 119 minutes after the dose, not 120"),
                new Breach("plan.patientQuietWindow.untilMinutes",
                        "must be at most 120 minutes after the dose (the observation period), not 121"));
    }

    @Test
    void shouldOnlyLetActivePrescribersLicensedInThePatientsStateApprove() {
        assertThat(new Licence("c1", "MD", Set.of("CA", "OR"), true).refusalsFor("CA")).isEmpty();
        assertThat(new Licence("c1", "NP", Set.of("CA"), true).refusalsFor("CA")).isEmpty();
        assertThat(new Licence("c1", "MD", Set.of("NY"), true).refusalsFor("CA"))
                .containsExactly("the clinician is not licensed in CA, the patient's state");
        assertThat(new Licence("c1", "LCSW", Set.of("CA"), true).refusalsFor("CA"))
                .containsExactly("a LCSW licence may not approve ketamine treatment (prescribers: MD, DO, NP, PA)");
        assertThat(new Licence("c1", "MD", Set.of("CA"), false).refusalsFor("CA"))
                .containsExactly("the clinician is not active");
    }
}
