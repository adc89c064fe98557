package care.ketamine.session.domain;

/** What scheduling needs of a patient's approved plan. */
public record ActivePlan(String planId, int dosingSessions, int minDaysBetweenDoses) {
}
