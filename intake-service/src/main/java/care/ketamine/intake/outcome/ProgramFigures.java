package care.ketamine.intake.outcome;

import care.ketamine.intake.domain.SmallCells;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

@Schema(description = "Program outcome figures for the patients whose baseline falls in the window, each with its n and "
        + "cohort. Small-cell suppression: a count or figure over fewer than 11 patients is never shown; its value and n "
        + "are null and 'suppressed' says why.")
public record ProgramFigures(LocalDate from, LocalDate to,
                             @Schema(description = "Patients with a baseline in the window; null when fewer than 11",
                                     nullable = true) Integer patients,
                             @Schema(description = "Why patients is null; absent when it is shown", nullable = true)
                             String patientsSuppressed,
                             List<SmallCells.Released> figures) {

    static ProgramFigures of(LocalDate from, LocalDate to, int patients, List<SmallCells.Released> figures) {
        return new ProgramFigures(from, to, SmallCells.count(patients), SmallCells.shown(patients) ? null : SmallCells.REASON,
                figures);
    }
}
