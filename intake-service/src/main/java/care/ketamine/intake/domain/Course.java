package care.ketamine.intake.domain;

import java.time.Instant;
import java.util.List;

/**
 * One patient's course as outcomes see it: the baseline scores (first screening) and the
 * follow-up measures after it, oldest first.
 */
public record Course(String patientId, Instant baselineAt, int baselinePhq9, int baselineGad7, List<Measure> followUps) {

    public record Measure(Instant measuredAt, int phq9, int gad7) {
    }

    public Course {
        followUps = followUps.stream().filter(m -> m.measuredAt().isAfter(baselineAt))
                .sorted(java.util.Comparator.comparing(Measure::measuredAt)).toList();
    }
}
