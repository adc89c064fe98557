package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dose is checked against at the moment it is authorized, whatever the gate saw earlier:
 * the session's latest reading (a crisis reading after a passed gate counts), its unresolved
 * alerts, and the sitter's latest check-in.
 *
 * @param latest        the newest reading of the session, or null
 * @param openAlerts    the session's unresolved alerts
 * @param latestSitter  the sitter's latest check-in, or null when none came yet (the sitter was confirmed at check-in)
 * @param spo2Floor     no dose below this SpO2 when the reading measured it (default 94 %)
 */
public record DoseChecks(GateReading latest, List<OpenAlert> openAlerts, SitterLook latestSitter, int spo2Floor) {

    /** The dose floor for SpO2 when the plan names none stricter. */
    public static final int DEFAULT_SPO2_FLOOR = 94;

    public DoseChecks {
        openAlerts = List.copyOf(openAlerts);
    }

    /** Every reason the dose may not be authorized now; empty when it may. */
    public List<String> refusals(GateLimits gate, Duration readingMaxAge, Instant now) {
        List<String> refusals = new ArrayList<>();
        if (latest == null || latest.measuredAt().isBefore(now.minus(readingMaxAge))) {
            refusals.add("no reading measured in the last " + ProtocolTimes.spoken(readingMaxAge)
                    + (latest == null ? "" : " (the latest was at " + latest.measuredAt() + ")"));
        } else {
            if (latest.systolic() > gate.maxSystolic() || latest.diastolic() > gate.maxDiastolic()) {
                refusals.add("BP " + latest.systolic() + "/" + latest.diastolic() + " at " + latest.measuredAt()
                        + " is above " + gate.maxSystolic() + "/" + gate.maxDiastolic());
            }
            if (latest.heartRate() == null) {
                refusals.add("the latest reading has no heart rate");
            } else if (latest.heartRate() > gate.maxHeartRate()) {
                refusals.add("heart rate " + latest.heartRate() + " at " + latest.measuredAt() + " is above "
                        + gate.maxHeartRate());
            }
            if (latest.spo2() != null && latest.spo2() < spo2Floor) {
                refusals.add("SpO2 " + latest.spo2() + " % at " + latest.measuredAt() + " is below " + spo2Floor + " %");
            }
        }
        for (OpenAlert alert : openAlerts) {
            if (alert.serious()) {
                refusals.add("alert " + alert.spoken() + " is unresolved");
            }
        }
        if (latestSitter != null && !latestSitter.present()) {
            refusals.add("the sitter's latest check-in (" + latestSitter.answeredAt() + ") says they are not present");
        }
        return refusals;
    }
}
