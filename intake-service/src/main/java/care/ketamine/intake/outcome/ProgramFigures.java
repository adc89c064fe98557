package care.ketamine.intake.outcome;

import care.ketamine.intake.domain.ProgramOutcomes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

@Schema(description = "Program outcome figures for the patients whose baseline falls in the window, each with its n and cohort")
public record ProgramFigures(LocalDate from, LocalDate to, int patients, List<ProgramOutcomes.Figure> figures) {
}
