package care.ketamine.intake.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;

import static care.ketamine.intake.domain.QuestionnaireTest.answers;
import static org.assertj.core.api.Assertions.assertThat;

class EligibilityEngineTest {

    private final EligibilityEngine engine = new EligibilityEngine();

    /** A treatment-resistant, moderately depressed patient with nothing against treatment. */
    private static Builder candidate() {
        return new Builder();
    }

    private static final class Builder {
        int phq9 = 16;
        int gad7 = 8;
        boolean mdd = true;
        int failedTrials = 2;
        boolean acuteIdeation;
        boolean attemptOrIntent;
        Set<Contraindication> contraindications = Set.of();
        Set<MedicationOfConcern> medications = Set.of();
        int systolic = 124;
        int diastolic = 78;
        boolean item9;

        Screening build() {
            List<Integer> phq9Answers = new java.util.ArrayList<>(answers(9, phq9));
            if (item9) {
                phq9Answers.set(8, Math.max(1, phq9Answers.get(8)));
            } else if (phq9Answers.get(8) > 0) {
                throw new IllegalStateException("this PHQ-9 total needs item 9: set item9");
            }
            return new Screening(phq9Answers, answers(7, gad7), mdd, failedTrials, acuteIdeation, attemptOrIntent,
                    contraindications, medications, systolic, diastolic, 72);
        }
    }

    private EligibilityDecision decide(Builder builder) {
        return engine.decide(builder.build());
    }

    private static List<String> codes(EligibilityDecision decision) {
        return decision.reasons().stream().map(EligibilityDecision.Reason::code).toList();
    }

    @Test
    void shouldFindATreatmentResistantModeratePatientEligible() {
        EligibilityDecision decision = decide(candidate());

        assertThat(decision.outcome()).isEqualTo(Eligibility.ELIGIBLE);
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.phq9().total()).isEqualTo(16);
        assertThat(decision.phq9().band()).isEqualTo("MODERATELY_SEVERE");
        assertThat(decision.crisisResources()).isEmpty();
    }

    @ParameterizedTest(name = "MDD {0}, {1} failed trials: {2}")
    @CsvSource({"true, 0, ELIGIBLE", "false, 2, ELIGIBLE", "false, 3, ELIGIBLE", "false, 1, INELIGIBLE", "false, 0, INELIGIBLE"})
    void shouldRequireTreatmentResistantDepressionOrMajorDepressiveDisorder(boolean mdd, int trials, Eligibility outcome) {
        Builder b = candidate();
        b.mdd = mdd;
        b.failedTrials = trials;

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(outcome);
        assertThat(codes(decision).contains("NO_INDICATION")).isEqualTo(outcome == Eligibility.INELIGIBLE);
    }

    @ParameterizedTest(name = "PHQ-9 {0}, GAD-7 {1}: {2}")
    @CsvSource({"9, 9, INELIGIBLE", "10, 9, ELIGIBLE", "9, 10, ELIGIBLE", "0, 0, INELIGIBLE", "24, 21, ELIGIBLE"})
    void shouldNotTreatWhenBothScalesAreBelowTen(int phq9, int gad7, Eligibility outcome) {
        Builder b = candidate();
        b.phq9 = phq9;
        b.gad7 = gad7;
        b.item9 = phq9 > 24;

        assertThat(decide(b).outcome()).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "baseline {0}/{1}: {2}")
    @CsvSource({
            "139, 89, ELIGIBLE, ",
            "140, 80, NEEDS_REVIEW, BP_ELEVATED",
            "130, 90, NEEDS_REVIEW, BP_ELEVATED",
            "159, 99, NEEDS_REVIEW, BP_ELEVATED",
            "160, 80, INELIGIBLE, BP_UNCONTROLLED",
            "150, 100, INELIGIBLE, BP_UNCONTROLLED",
    })
    void shouldReviewBaselineBpFrom140Over90AndRefuseItFrom160Over100(int systolic, int diastolic, Eligibility outcome,
                                                                     String code) {
        Builder b = candidate();
        b.systolic = systolic;
        b.diastolic = diastolic;

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(outcome);
        assertThat(codes(decision)).isEqualTo(code == null ? List.of() : List.of(code));
    }

    @ParameterizedTest(name = "{0} is an absolute contraindication")
    @EnumSource(Contraindication.class)
    void shouldRefuseEveryAbsoluteContraindication(Contraindication contraindication) {
        Builder b = candidate();
        b.contraindications = Set.of(contraindication);

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(Eligibility.INELIGIBLE);
        assertThat(codes(decision)).containsExactly("CONTRAINDICATION_" + contraindication.name());
    }

    @ParameterizedTest(name = "{0} needs clinician review")
    @EnumSource(MedicationOfConcern.class)
    void shouldSendMedicationsOfConcernToReview(MedicationOfConcern medication) {
        Builder b = candidate();
        b.medications = Set.of(medication);

        assertThat(decide(b).outcome()).isEqualTo(Eligibility.NEEDS_REVIEW);
    }

    @ParameterizedTest(name = "{0} is a medication of concern, named in the reason")
    @CsvSource(delimiter = '|', value = {
            "OPIOID                      | MEDICATION_OPIOID                      | opioid",
            "NON_BENZODIAZEPINE_HYPNOTIC | MEDICATION_NON_BENZODIAZEPINE_HYPNOTIC | zolpidem, zaleplon, eszopiclone"})
    void shouldSendOpioidsAndZDrugsToReview(MedicationOfConcern medication, String code, String named) {
        Builder b = candidate();
        b.medications = Set.of(medication);

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(Eligibility.NEEDS_REVIEW);
        assertThat(codes(decision)).containsExactly(code);
        assertThat(decision.reasons().get(0).explanation()).contains(named);
    }

    @Test
    void shouldSendAcuteSuicidalIdeationToUrgentReviewNeverToApproval() {
        Builder b = candidate();
        b.acuteIdeation = true;
        b.item9 = true;

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(Eligibility.NEEDS_REVIEW);
        assertThat(decision.urgentReview()).isTrue();
        assertThat(decision.selfHarmFollowUp()).isTrue();
        assertThat(codes(decision)).containsExactly("ACUTE_SUICIDAL_IDEATION", "PHQ9_ITEM9_POSITIVE");
        assertThat(decision.crisisResources()).anyMatch(r -> r.contains("988"));
    }

    @Test
    void shouldRefuseARecentAttemptOrIntentWithCrisisResources() {
        Builder b = candidate();
        b.attemptOrIntent = true;

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(Eligibility.INELIGIBLE);
        assertThat(decision.crisisResources()).isEqualTo(EligibilityEngine.CRISIS_RESOURCES);
    }

    @Test
    void shouldFlagPhq9Item9ForFollowUp() {
        Builder b = candidate();
        b.item9 = true;
        b.phq9 = 25;

        EligibilityDecision decision = decide(b);

        assertThat(decision.selfHarmFollowUp()).isTrue();
        assertThat(decision.outcome()).isEqualTo(Eligibility.NEEDS_REVIEW);
        assertThat(codes(decision)).containsExactly("PHQ9_ITEM9_POSITIVE");
        assertThat(decision.crisisResources()).isEqualTo(EligibilityEngine.CRISIS_RESOURCES);
    }

    @Test
    void shouldListEveryReasonNotJustTheFirst() {
        Builder b = candidate();
        b.mdd = false;
        b.failedTrials = 0;
        b.phq9 = 4;
        b.gad7 = 3;
        b.systolic = 165;
        b.contraindications = Set.of(Contraindication.PREGNANT_OR_NURSING);
        b.medications = Set.of(MedicationOfConcern.MAOI);

        EligibilityDecision decision = decide(b);

        assertThat(decision.outcome()).isEqualTo(Eligibility.INELIGIBLE);
        assertThat(codes(decision)).containsExactly("NO_INDICATION", "BELOW_ENTRY_SEVERITY", "BP_UNCONTROLLED",
                "CONTRAINDICATION_PREGNANT_OR_NURSING", "MEDICATION_MAOI");
    }
}
