package care.ketamine.simulator.physiology;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Something that goes wrong in a simulated session, in the clinical minutes after the dose when it
 * happens. Each is chosen to trip one of alerting's rules the way a real event would.
 */
public enum Anomaly {
    /** A hypertensive crisis (about 192/124) near the ketamine peak: {@code bp-crisis}. */
    BP_SPIKE(35, 45),
    /** SpO2 down to 88 %: {@code spo2-low}, critical. */
    SPO2_DIP(50, 56),
    /** The patient leaves the prompts due in this window unanswered: {@code check-in-missed-patient}. */
    MISSED_CHECK_INS(25, 50),
    /** The cuff sends nothing: {@code device-silent}. */
    DEVICE_SILENCE(60, 66),
    /** The cuff is offline and keeps its readings, then uploads them in one batch at the window's end. */
    OFFLINE_BACKLOG(75, 85);

    private final Duration from;
    private final Duration to;

    Anomaly(int fromMinute, int toMinute) {
        this.from = Duration.ofMinutes(fromMinute);
        this.to = Duration.ofMinutes(toMinute);
    }

    /** Whether {@code sinceDose} (clinical time) falls in this anomaly's window. */
    public boolean activeAt(Duration sinceDose) {
        return sinceDose != null && sinceDose.compareTo(from) >= 0 && sinceDose.compareTo(to) < 0;
    }

    public Duration from() {
        return from;
    }

    public Duration to() {
        return to;
    }

    /** The name on the command line: bp-spike, spo2-dip, missed-check-ins, device-silence, offline-backlog. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Anomaly fromOption(String name) {
        return Arrays.stream(values()).filter(a -> a.optionName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown anomaly '" + name + "'; one of "
                        + Arrays.stream(values()).map(Anomaly::optionName).toList()));
    }
}
