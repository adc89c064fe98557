package care.ketamine.simulator.physiology;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Something that happens in a simulated session, in the clinical minutes after the dose when it
 * happens. Each that {@link #needsAlert() needs an alert} is chosen to trip one of alerting's rules the
 * way a real event would; the others are what real home devices do and must raise nothing.
 */
public enum Anomaly {
    /** A hypertensive crisis (about 192/124) near the ketamine peak, still there when the cuff retests. */
    BP_SPIKE(35, 45, true),
    /** SpO2 sustained at 86-88 % for six minutes: a real desaturation. */
    SPO2_DIP(50, 56, true),
    /** Respiratory rate 6-7/min for ten minutes: bradypnoea. */
    BRADYPNOEA(60, 70, true),
    /**
     * The patient leaves the prompts due in this window unanswered: after the patient's quiet window (20-60
     * minutes after the dose, when no patient prompt goes out), so that prompts fall due in it.
     */
    MISSED_CHECK_INS(65, 95, true),
    /** The sitter reports they are no longer with the patient. */
    SITTER_LEAVES(55, 75, true),
    /** The oximeter sends nothing (off the finger, flat battery). */
    DEVICE_SILENCE(60, 80, true),
    /** Both devices are offline and keep their readings, then upload them in one batch at the window's end. */
    OFFLINE_BACKLOG(85, 105, true),
    /** The patient, feeling unsafe, taps "I need help" on their phone once in this window. */
    HELP_REQUESTED(62, 64, true),
    /** The patient moves: short SpO2 dips of 2-10 s in the oximeter's data throughout the session, not a desaturation. */
    MOTION_ARTEFACTS(0, 150, false),
    /** The devices' clocks are 10 minutes slow before the peak and 10 minutes fast after it. */
    CLOCK_DRIFT(0, 150, false);

    private final Duration from;
    private final Duration to;
    private final boolean needsAlert;

    Anomaly(int fromMinute, int toMinute, boolean needsAlert) {
        this.from = Duration.ofMinutes(fromMinute);
        this.to = Duration.ofMinutes(toMinute);
        this.needsAlert = needsAlert;
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

    /** Whether a clinician must be alerted when this happens (false: real-device noise that must raise nothing). */
    public boolean needsAlert() {
        return needsAlert;
    }

    /** The name on the command line, e.g. bp-spike, spo2-dip, motion-artefacts. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Anomaly fromOption(String name) {
        return Arrays.stream(values()).filter(a -> a.optionName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown anomaly '" + name + "'; one of "
                        + Arrays.stream(values()).map(Anomaly::optionName).toList()));
    }
}
