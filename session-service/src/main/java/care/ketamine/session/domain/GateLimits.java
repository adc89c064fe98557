package care.ketamine.session.domain;

/** The plan's pre-dose gate: no dose above these (default 160/90 and heart rate 100). */
public record GateLimits(int maxSystolic, int maxDiastolic, int maxHeartRate) {
}
