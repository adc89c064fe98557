package care.ketamine.alerting.domain;

import care.ketamine.contracts.vitals.CheckInPrompted;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Conditions that come from time passing rather than from a value: a check-in prompt nobody
 * answered, a device that went quiet, a sitter who stepped out and stayed out. Evaluated on a tick
 * with the service's clock.
 */
public final class TimedChecks {

    public static final String CHECK_IN_MISSED = "check-in-missed";
    public static final String DEVICE_SILENT = "device-silent";
    public static final String SITTER_AWAY = "sitter-away";
    /**
     * The sitter looks in about every 15 minutes and stays within voice range (clinical reference, "How an at-home
     * sublingual session runs"): out of the home this long while the patient is monitored is a warning.
     */
    public static final Duration SITTER_AWAY_AFTER = Duration.ofMinutes(5);
    /** A prompt unanswered this long after it was due is a warning; twice as long, critical (the console's MISSED too). */
    public static final Duration MISSED_WARNING = CheckInPrompted.MISSED_AFTER;

    private TimedChecks() {
    }

    /** The rule name per device: each device of a session is its own stream, silent or not on its own. */
    public static String silentRule(String deviceId) {
        return DEVICE_SILENT + "-" + deviceId;
    }

    /** The rule name per respondent: a missed patient prompt and a missed sitter prompt are separate problems. */
    public static String missedRule(String respondent) {
        return CHECK_IN_MISSED + "-" + respondent;
    }

    /**
     * {@code check-in-missed-<respondent>}: a prompt unanswered 5 minutes after it was due is a
     * warning to the clinician; after 10 minutes it is critical.
     */
    public static Optional<AlertCondition> missedCheckIn(String sessionId, String respondent, int sequence, Instant dueAt,
                                                         Instant now) {
        return missedCheckIn(sessionId, respondent, sequence, dueAt, now, MISSED_WARNING);
    }

    /** The same with another warning limit (a compressed demonstration); critical at twice the limit. */
    public static Optional<AlertCondition> missedCheckIn(String sessionId, String respondent, int sequence, Instant dueAt,
                                                         Instant now, Duration warningAfter) {
        Duration waiting = Duration.between(dueAt, now);
        if (waiting.compareTo(warningAfter) < 0) {
            return Optional.empty();
        }
        Severity severity = waiting.compareTo(warningAfter.multipliedBy(2)) >= 0 ? Severity.CRITICAL : Severity.WARNING;
        long minutes = waiting.toMinutes();
        String spoken = minutes > 0 ? minutes + " min" : waiting.toSeconds() + " s";
        return Optional.of(new AlertCondition(missedRule(respondent), severity, sessionId,
                "prompt " + sequence + " unanswered " + spoken, minutes > 0 ? minutes : waiting.toSeconds(),
                "The " + respondent + " has not answered check-in prompt " + sequence + " for " + spoken, dueAt));
    }

    /**
     * {@code device-silent-<deviceId>}: during monitoring (dosed, not yet discharged), a device that sends readings
     * and has been quiet for two of its expected intervals is a warning, three is critical. Quiet counts on the
     * server's clock from the newest of: the server's receipt of its latest reading, the dose, its pairing. The
     * interval is the device's declared cadence or its kind's ({@link DeviceCadences}). A sitter's phone is not judged.
     */
    public static Optional<AlertCondition> deviceSilence(SessionWatch session, DeviceStream device, DeviceCadences cadences,
                                                         Instant now) {
        if (!session.underMonitoring() || session.dosedAt() == null || !device.sendsReadings()) {
            return Optional.empty();
        }
        Instant since = latest(session.dosedAt(), device.pairedAt(), device.lastReceivedAt());
        Duration expected = cadences.expectedAfter(device, session.dosedAt(), since);
        Duration quiet = Duration.between(since, now);
        if (quiet.compareTo(expected.multipliedBy(2)) < 0) {
            return Optional.empty();
        }
        Severity severity = quiet.compareTo(expected.multipliedBy(3)) >= 0 ? Severity.CRITICAL : Severity.WARNING;
        String kind = device.spokenKind();
        return Optional.of(new AlertCondition(silentRule(device.deviceId()), severity, session.sessionId(),
                kind + " silent " + spoken(quiet), quiet.toSeconds(),
                "No reading from the " + kind + " (" + device.deviceId() + ") for " + spoken(quiet) + " (expected every "
                        + spoken(expected) + ")", since));
    }

    /**
     * {@code sitter-away}: during monitoring (dosed, not yet discharged), the sitter's app last said they stepped out,
     * and that was {@code awayAfter} ago or longer: a warning. Counted from the step out by the app's clock, or from the
     * dose for a sitter already out then. Coming back ends it.
     */
    public static Optional<AlertCondition> sitterAway(SessionWatch session, SitterPresence presence, Instant now,
                                                      Duration awayAfter) {
        if (!session.underMonitoring() || presence == null || presence.present()) {
            return Optional.empty();
        }
        Instant since = session.dosedAt() != null && presence.at().isBefore(session.dosedAt()) ? session.dosedAt() : presence.at();
        Duration away = Duration.between(since, now);
        if (away.compareTo(awayAfter) < 0) {
            return Optional.empty();
        }
        return Optional.of(new AlertCondition(SITTER_AWAY, Severity.WARNING, session.sessionId(), "sitter out " + spoken(away),
                away.toSeconds(), "The sitter stepped out " + spoken(away) + " ago and has not come back", since));
    }

    private static Instant latest(Instant first, Instant... others) {
        Instant latest = first;
        for (Instant other : others) {
            if (other != null && other.isAfter(latest)) {
                latest = other;
            }
        }
        return latest;
    }

    private static String spoken(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /**
     * {@code device-silent}, for a session alerting knows no reading device of (paired before alerting
     * followed devices, or every device revoked): during monitoring, no reading for twice the expected
     * interval is a warning; three times is critical. Counted from the server's receipt of the session's
     * latest reading, or from the dose when none came since.
     */
    public static Optional<AlertCondition> deviceSilence(SessionWatch session, Instant lastReadingAt, Duration expectedInterval,
                                                         Instant now) {
        if (!session.underMonitoring() || session.dosedAt() == null) {
            return Optional.empty();
        }
        Instant since = lastReadingAt == null || lastReadingAt.isBefore(session.dosedAt()) ? session.dosedAt() : lastReadingAt;
        Duration quiet = Duration.between(since, now);
        if (quiet.compareTo(expectedInterval.multipliedBy(2)) < 0) {
            return Optional.empty();
        }
        Severity severity = quiet.compareTo(expectedInterval.multipliedBy(3)) >= 0 ? Severity.CRITICAL : Severity.WARNING;
        long seconds = quiet.toSeconds();
        return Optional.of(new AlertCondition(DEVICE_SILENT, severity, session.sessionId(), "no reading for " + seconds + " s",
                seconds, "No reading from the patient's device for " + (seconds / 60) + " min " + (seconds % 60) + " s "
                + "(expected every " + expectedInterval.toSeconds() + " s)", since));
    }
}
