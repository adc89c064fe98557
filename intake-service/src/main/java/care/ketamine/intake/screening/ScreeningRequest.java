package care.ketamine.intake.screening;

import care.ketamine.intake.domain.Contraindication;
import care.ketamine.intake.domain.MedicationOfConcern;
import care.ketamine.intake.domain.Screening;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

import java.util.List;
import java.util.Set;

/**
 * What intake records at screening. Totals are never sent: the service computes them. The annotations are the
 * request's shape; the answers are the questionnaires' to judge ({@code Questionnaire}).
 */
@Schema(description = "A screening: questionnaire answers (no totals), history, contraindications and baseline vitals")
public record ScreeningRequest(
        @Schema(required = true, description = "The nine PHQ-9 answers in order, each 0-3", examples = "[2, 2, 1, 2, 1, 2, 1, 1, 0]")
        List<Integer> phq9,
        @Schema(required = true, description = "The seven GAD-7 answers in order, each 0-3", examples = "[1, 2, 1, 1, 0, 1, 1]")
        List<Integer> gad7,
        @Schema(required = true, description = "A diagnosis of major depressive disorder") @NotNull Boolean majorDepressiveDisorder,
        @Schema(required = true, description = "Adequate antidepressant trials that failed", minimum = "0", maximum = "30")
        @NotNull @Range(min = 0, max = MAX_FAILED_TRIALS) Integer failedAntidepressantTrials,
        @Schema(required = true, description = "Current suicidal ideation needing rapid relief") @NotNull Boolean acuteSuicidalIdeation,
        @Schema(required = true, description = "A recent suicide attempt, or intent") @NotNull Boolean recentSuicideAttemptOrIntent,
        @Schema(required = true, description = "Contraindications present; empty when none")
        @NotNull Set<@NotNull(message = NO_NULLS) Contraindication> contraindications,
        @Schema(required = true, description = "Medications of concern taken; empty when none")
        @NotNull Set<@NotNull(message = NO_NULLS) MedicationOfConcern> medications,
        @Schema(required = true) @NotNull(message = "needs systolic and diastolic") @Valid BloodPressure baselineBloodPressure,
        @Schema(required = true, description = "Baseline heart rate, /min", examples = "72")
        @NotNull @Range(min = 20, max = 250, message = "must be between 20 and 250 /min") Integer baselineHeartRate) {

    static final int MAX_FAILED_TRIALS = 30;
    static final String NO_NULLS = "may not list null";

    /** Baseline vitals within the home-cuff plausibility bounds of the clinical reference. */
    @Schema(description = "Blood pressure, mm[Hg]")
    @WholeReading
    public record BloodPressure(@Schema(examples = "128")
                                @Range(min = 51, max = 249, message = "must be above 50 and below 250 mm[Hg]") Integer systolic,
                                @Schema(examples = "82")
                                @Range(min = 31, max = 139, message = "must be above 30 and below 140 mm[Hg]") Integer diastolic) {
    }

    Screening toScreening() {
        return new Screening(phq9, gad7, majorDepressiveDisorder, failedAntidepressantTrials, acuteSuicidalIdeation,
                recentSuicideAttemptOrIntent, contraindications, medications, baselineBloodPressure.systolic(),
                baselineBloodPressure.diastolic(), baselineHeartRate);
    }
}
