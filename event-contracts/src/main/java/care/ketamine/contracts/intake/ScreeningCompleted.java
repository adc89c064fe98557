package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/** A screening was recorded, with the totals the service computed and the baseline vitals. */
public record ScreeningCompleted(String patientId, String screeningId, int phq9Total, String phq9Band,
                                 int gad7Total, String gad7Band, boolean selfHarmFollowUp,
                                 int baselineSystolic, int baselineDiastolic, int baselineHeartRate,
                                 Instant screenedAt) {

    public static final EventType<ScreeningCompleted> TYPE =
            new EventType<>("screening.completed", 1, ScreeningCompleted.class);
}
