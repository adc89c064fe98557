package care.ketamine.intake.screening;

import care.ketamine.intake.domain.Contraindication;
import care.ketamine.intake.domain.MedicationOfConcern;
import care.ketamine.intake.domain.Screening;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Set;

/** What intake records at screening. Totals are never sent: the service computes them. */
@Schema(description = "A screening: questionnaire answers (no totals), history, contraindications and baseline vitals")
public record ScreeningRequest(
        @Schema(required = true, description = "The nine PHQ-9 answers in order, each 0-3", examples = "[2, 2, 1, 2, 1, 2, 1, 1, 0]")
        List<Integer> phq9,
        @Schema(required = true, description = "The seven GAD-7 answers in order, each 0-3", examples = "[1, 2, 1, 1, 0, 1, 1]")
        List<Integer> gad7,
        @Schema(required = true, description = "A diagnosis of major depressive disorder") Boolean majorDepressiveDisorder,
        @Schema(required = true, description = "Adequate antidepressant trials that failed", minimum = "0", maximum = "30")
        Integer failedAntidepressantTrials,
        @Schema(required = true, description = "Current suicidal ideation needing rapid relief") Boolean acuteSuicidalIdeation,
        @Schema(required = true, description = "A recent suicide attempt, or intent") Boolean recentSuicideAttemptOrIntent,
        @Schema(required = true, description = "Contraindications present; empty when none") Set<Contraindication> contraindications,
        @Schema(required = true, description = "Medications of concern taken; empty when none") Set<MedicationOfConcern> medications,
        @Schema(required = true) BloodPressure baselineBloodPressure,
        @Schema(required = true, description = "Baseline heart rate, /min", examples = "72") Integer baselineHeartRate) {

    @Schema(description = "Blood pressure, mm[Hg]")
    public record BloodPressure(@Schema(examples = "128") Integer systolic, @Schema(examples = "82") Integer diastolic) {
    }

    Screening toScreening() {
        return new Screening(phq9, gad7, majorDepressiveDisorder, failedAntidepressantTrials, acuteSuicidalIdeation,
                recentSuicideAttemptOrIntent, contraindications, medications, baselineBloodPressure.systolic(),
                baselineBloodPressure.diastolic(), baselineHeartRate);
    }
}
