package care.ketamine.intake.domain;

import java.util.List;
import java.util.Set;

/**
 * What intake learned about a patient, as the eligibility rules read it.
 *
 * @param phq9                        the nine PHQ-9 answers, 0-3 each
 * @param gad7                        the seven GAD-7 answers, 0-3 each
 * @param majorDepressiveDisorder     a diagnosis of major depressive disorder
 * @param failedAntidepressantTrials  adequate antidepressant trials without response
 * @param acuteSuicidalIdeation       current suicidal ideation needing rapid relief
 * @param recentSuicideAttemptOrIntent a recent attempt, or intent
 */
public record Screening(List<Integer> phq9, List<Integer> gad7, boolean majorDepressiveDisorder,
                        int failedAntidepressantTrials, boolean acuteSuicidalIdeation,
                        boolean recentSuicideAttemptOrIntent, Set<Contraindication> contraindications,
                        Set<MedicationOfConcern> medications, int baselineSystolic, int baselineDiastolic,
                        int baselineHeartRate) {

    public Screening {
        phq9 = List.copyOf(phq9);
        gad7 = List.copyOf(gad7);
        contraindications = Set.copyOf(contraindications);
        medications = Set.copyOf(medications);
    }

    /** PHQ-9 item 9 (thoughts of self-harm) above 0 needs follow-up. */
    public boolean selfHarmThoughts() {
        return phq9.size() == Questionnaire.PHQ9.items() && phq9.get(8) > 0;
    }
}
