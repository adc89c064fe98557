package care.ketamine.session.console;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One live session on the central station: who, where in the session, the newest vitals with their time, a 30-minute
 * trend, the check-ins and the alerts not resolved yet.
 *
 * @param floorEndsAt when the monitoring floor (2 hours after the dose) ends; null before the dose
 * @param urgency     the worst severity among the unresolved alerts (CRITICAL, WARNING, INFO), or null
 */
public record StationTile(UUID sessionId, PatientShown patient, String state, Instant dosedAt, Instant floorEndsAt,
                          BloodPressure bloodPressure, Oxygen oxygen, List<TrendPoint> trend, CheckIns checkIns,
                          List<TileAlert> alerts, String urgency) {

    /** The newest blood pressure (with the pulse the cuff measured) and when it was measured. */
    public record BloodPressure(int systolic, int diastolic, Integer heartRate, Instant measuredAt) {
    }

    /** The newest SpO2 (with the oximeter's pulse) and when it was measured. */
    public record Oxygen(int spo2, Integer heartRate, Instant measuredAt) {
    }

    /** A minute of the sparkline: its newest systolic pressure and its lowest SpO2, either may be absent. */
    public record TrendPoint(Instant minute, Integer systolic, Integer spo2) {
    }

    /**
     * The newest prompt and check-ins.
     *
     * @param promptDueAt     the newest prompt's due time, null when none was issued
     * @param promptAnswered  whether that prompt has its answer
     * @param patientOk       the patient's newest answer to "I am OK", null before any
     * @param moaas           the sitter's newest MOAA/S (0-5), null before any
     * @param sitterPresent   whether the sitter said they were with the patient, null before any
     */
    public record CheckIns(Instant promptDueAt, String promptRespondent, boolean promptAnswered, Boolean patientOk,
                           Instant patientAnsweredAt, Integer moaas, Boolean sitterPresent, Instant sitterAnsweredAt) {
    }

    /** An unresolved alert, as the tile shows it and acknowledges it. */
    public record TileAlert(UUID alertId, String rule, String severity, String status, String summary, Instant openedAt,
                            Instant acknowledgedAt, String acknowledgedBy) {

        boolean acknowledged() {
            return "ACKNOWLEDGED".equals(status);
        }
    }

    private static int rank(String severity) {
        return severity == null ? 0 : switch (severity) {
            case "CRITICAL" -> 3;
            case "WARNING" -> 2;
            case "INFO" -> 1;
            default -> 0;
        };
    }

    /** The worst severity of these alerts, or null. */
    static String urgencyOf(List<TileAlert> alerts) {
        return alerts.stream().map(TileAlert::severity).max(Comparator.comparingInt(StationTile::rank)).orElse(null);
    }

    /**
     * Most urgent first: an unresolved CRITICAL, then a WARNING, then an INFO, then none; among equals, an alarm nobody
     * acknowledged yet first, then the most recent dose (sessions not dosed yet after those dosed), then the session id.
     */
    static final Comparator<StationTile> BY_URGENCY = Comparator
            .comparingInt((StationTile t) -> -rank(t.urgency()))
            .thenComparing(t -> t.alerts().stream().noneMatch(a -> !a.acknowledged() && rank(a.severity()) == rank(t.urgency())))
            .thenComparing(StationTile::dosedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(StationTile::sessionId);
}
