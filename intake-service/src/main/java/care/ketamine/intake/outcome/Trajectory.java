package care.ketamine.intake.outcome;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "A patient's PHQ-9 and GAD-7 over time, from the baseline screening")
public record Trajectory(UUID patientId, Point baseline, List<Point> followUps) {

    /**
     * @param phq9ChangePercent change from baseline, negative when better; null at baseline or from a baseline of 0
     */
    public record Point(Instant measuredAt, double weeksFromBaseline, int phq9, String phq9Band, int gad7, String gad7Band,
                       Double phq9ChangePercent, Double gad7ChangePercent, boolean phq9Response, boolean phq9Remission) {
    }
}
