package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dose is checked against at the moment it is authorized, whatever the gate saw earlier:
 * the session's latest vitals (a crisis reading after a passed gate counts), its unresolved alerts,
 * and the sitter's latest check-in.
 *
 * @param latest        the latest blood pressure and SpO2, each from the newest reading carrying it
 * @param openAlerts    the session's unresolved alerts
 * @param latestSitter  the sitter's latest check-in, or null when none came yet (the sitter was confirmed at check-in)
 * @param spo2Floor     no dose below this SpO2 when measured (default 94 %)
 */
public record DoseChecks(LatestVitals latest, List<OpenAlert> openAlerts, SitterLook latestSitter, int spo2Floor) {

    /** The dose floor for SpO2 when the plan names none stricter. */
    public static final int DEFAULT_SPO2_FLOOR = 94;

    public DoseChecks {
        openAlerts = List.copyOf(openAlerts);
    }

    /** Checks against a combined monitor's newest reading (or null). */
    public DoseChecks(GateReading monitorReading, List<OpenAlert> openAlerts, SitterLook latestSitter, int spo2Floor) {
        this(LatestVitals.ofMonitor(monitorReading), openAlerts, latestSitter, spo2Floor);
    }

    /** Every reason the dose may not be authorized now; empty when it may. */
    public List<String> refusals(GateLimits gate, Duration readingMaxAge, Instant now) {
        List<String> refusals = new ArrayList<>(latest.refusals(gate, spo2Floor, readingMaxAge, now));
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
