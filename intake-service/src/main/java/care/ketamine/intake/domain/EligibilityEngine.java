package care.ketamine.intake.domain;

import care.ketamine.intake.domain.EligibilityDecision.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a screened patient may be treated at home (clinical reference, "Screening"
 * and "What clinic practice monitors"). Every rule is evaluated and every reason listed; the
 * outcome is the worst any rule leads to.
 */
public final class EligibilityEngine {

    /** Hull 2022 entry severity: PHQ-9 >= 10 or GAD-7 >= 10. */
    static final int ENTRY_SEVERITY = 10;
    /** Failed adequate antidepressant trials that make depression treatment-resistant. */
    static final int TREATMENT_RESISTANT_TRIALS = 2;
    static final int REVIEW_SYSTOLIC = 140;
    static final int REVIEW_DIASTOLIC = 90;
    static final int UNCONTROLLED_SYSTOLIC = 160;
    static final int UNCONTROLLED_DIASTOLIC = 100;

    public static final List<String> CRISIS_RESOURCES = List.of(
            "988 Suicide & Crisis Lifeline: call or text 988 (US)",
            "Emergency services: call 911 if there is immediate danger",
            "Crisis Text Line: text HOME to 741741");

    public EligibilityDecision decide(Screening s) {
        Questionnaire.Score phq9 = Questionnaire.PHQ9.score(s.phq9());
        Questionnaire.Score gad7 = Questionnaire.GAD7.score(s.gad7());
        List<Reason> reasons = new ArrayList<>();

        boolean treatmentResistant = s.failedAntidepressantTrials() >= TREATMENT_RESISTANT_TRIALS;
        if (!treatmentResistant && !s.majorDepressiveDisorder() && !s.acuteSuicidalIdeation()) {
            reasons.add(new Reason("NO_INDICATION", Eligibility.INELIGIBLE,
                    "No indication: neither treatment-resistant depression (2 or more failed trials) "
                            + "nor major depressive disorder"));
        }
        if (phq9.total() < ENTRY_SEVERITY && gad7.total() < ENTRY_SEVERITY) {
            reasons.add(new Reason("BELOW_ENTRY_SEVERITY", Eligibility.INELIGIBLE,
                    "Not indicated: PHQ-9 " + phq9.total() + " and GAD-7 " + gad7.total() + " are both below 10"));
        }
        if (s.recentSuicideAttemptOrIntent()) {
            reasons.add(new Reason("RECENT_ATTEMPT_OR_INTENT", Eligibility.INELIGIBLE,
                    "A recent suicide attempt or intent: not safe for at-home care; route to crisis care"));
        }
        if (s.acuteSuicidalIdeation()) {
            reasons.add(new Reason("ACUTE_SUICIDAL_IDEATION", Eligibility.NEEDS_REVIEW,
                    "Acute suicidal ideation: urgent clinician review; never approved automatically"));
        }
        if (s.selfHarmThoughts()) {
            reasons.add(new Reason("PHQ9_ITEM9_POSITIVE", Eligibility.NEEDS_REVIEW,
                    "PHQ-9 item 9 (thoughts of self-harm) is above 0: follow up before treatment"));
        }
        bloodPressure(s, reasons);
        for (Contraindication c : s.contraindications()) {
            reasons.add(new Reason("CONTRAINDICATION_" + c.name(), Eligibility.INELIGIBLE,
                    "Absolute contraindication: " + c.description()));
        }
        for (MedicationOfConcern m : s.medications()) {
            reasons.add(new Reason("MEDICATION_" + m.name(), Eligibility.NEEDS_REVIEW,
                    "Takes a medication of concern (" + m.words() + "): clinician review"));
        }

        Eligibility outcome = reasons.stream().map(Reason::leadsTo).reduce(Eligibility.ELIGIBLE, Eligibility::worse);
        // Thoughts of self-harm (item 9) open an urgent review too: the person gets the crisis lines meanwhile.
        boolean atRisk = s.recentSuicideAttemptOrIntent() || s.acuteSuicidalIdeation() || s.selfHarmThoughts();
        return new EligibilityDecision(outcome, List.copyOf(reasons), s.acuteSuicidalIdeation(),
                atRisk ? CRISIS_RESOURCES : List.of(), phq9, gad7, s.selfHarmThoughts());
    }

    private static void bloodPressure(Screening s, List<Reason> reasons) {
        String bp = s.baselineSystolic() + "/" + s.baselineDiastolic() + " mm[Hg]";
        if (s.baselineSystolic() >= UNCONTROLLED_SYSTOLIC || s.baselineDiastolic() >= UNCONTROLLED_DIASTOLIC) {
            reasons.add(new Reason("BP_UNCONTROLLED", Eligibility.INELIGIBLE,
                    "Baseline BP " + bp + " is at or above 160/100: ineligible until controlled"));
        } else if (s.baselineSystolic() >= REVIEW_SYSTOLIC || s.baselineDiastolic() >= REVIEW_DIASTOLIC) {
            reasons.add(new Reason("BP_ELEVATED", Eligibility.NEEDS_REVIEW,
                    "Baseline BP " + bp + " is at or above 140/90: clinician review"));
        }
    }
}
