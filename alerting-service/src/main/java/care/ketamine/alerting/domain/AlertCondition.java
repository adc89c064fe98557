package care.ketamine.alerting.domain;

import java.time.Instant;

/**
 * A rule's finding about one session: what is wrong, how badly, and a measure to compare
 * occurrences by (larger is worse), so an alert can keep its worst value.
 *
 * @param rule               the rule's name, e.g. {@code bp-crisis}; with the session, the deduplication key
 * @param value              the finding as a clinician reads it, e.g. {@code 192/124 mm[Hg]}
 * @param measure            how far past the threshold, in the rule's unit; larger is worse
 * @param summary            one line for the alert list and the page
 * @param observedAt         when the reading behind it was measured
 * @param measuredMinutesAgo how long before it was judged the reading behind it was measured, in whole
 *                           minutes, when that was a minute or more (a backlog, a late retry); null when fresh
 * @param confirmed          a repeat measurement confirmed the finding (a crisis on retest): the alert's
 *                           summary takes this one's text even when the value is not worse
 */
public record AlertCondition(String rule, Severity severity, String sessionId, String value, double measure,
                             String summary, Instant observedAt, Long measuredMinutesAgo, boolean confirmed) {

    public AlertCondition(String rule, Severity severity, String sessionId, String value, double measure, String summary,
                          Instant observedAt) {
        this(rule, severity, sessionId, value, measure, summary, observedAt, null, false);
    }

    /** The finding of a reading measured this many minutes before it was judged; the summary says so. */
    public AlertCondition measuredAgo(long minutes) {
        return new AlertCondition(rule, severity, sessionId, value, measure,
                summary + " (measured " + minutes + " min ago)", observedAt, minutes, confirmed);
    }

    /** The same finding with its reading's measurement time given on another clock. */
    public AlertCondition withObservedAt(Instant at) {
        return new AlertCondition(rule, severity, sessionId, value, measure, summary, at, measuredMinutesAgo, confirmed);
    }

    public AlertCondition asConfirmed() {
        return new AlertCondition(rule, severity, sessionId, value, measure, summary, observedAt, measuredMinutesAgo, true);
    }
}
