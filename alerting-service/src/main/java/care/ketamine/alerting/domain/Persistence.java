package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a value outside a limit must last before a rule counts it: on an oximeter's stream (about one
 * sample a second) for a time, measured from the first to the last sample of the run; on a device that
 * takes spot measurements minutes apart (cuff, monitor) for so many consecutive values. Persistence is
 * what cuts non-actionable alarms without missing events (Bonafide et al. 2015, issue 16).
 */
record Persistence(Duration onOximeter, int spotValues) {

    boolean met(VitalReading reading, Optional<StreamHistory.Run> run) {
        return run.isPresent() && (reading.continuous() ? run.get().span().compareTo(onOximeter) >= 0
                : run.get().count() >= spotValues);
    }

    /** How the lasting is said in the summary. */
    static String lasted(VitalReading reading, StreamHistory.Run run) {
        return reading.continuous() ? "for " + run.span().toSeconds() + " s" : "on " + run.count() + " readings in a row";
    }
}
