package care.ketamine.contracts.vitals;

import java.time.Duration;
import java.util.Set;

/**
 * The kinds of home device a session pairs, and how often each is expected to send. A device declares
 * its own cadence at pairing; these are the defaults when it does not. Device silence is judged per
 * device against its cadence (warning after 2 missed intervals, critical after 3), on the server's clock.
 */
public final class DeviceKinds {

    /** An upper-arm blood pressure cuff: systolic, diastolic and pulse, every few minutes or on demand. */
    public static final String BP_CUFF = "bp-cuff";
    /** A pulse oximeter: SpO2 and pulse rate (perfusion index optional) about once a second, sent in batches. */
    public static final String PULSE_OXIMETER = "pulse-oximeter";
    /** A combined monitor that sends blood pressure with heart rate and SpO2 in one reading (the original shape). */
    public static final String MONITOR = "monitor";
    /** The sitter's phone: check-ins only, no readings. */
    public static final String SITTER_PHONE = "sitter-phone";
    /** The patient's phone running the app: check-ins and calls for help, no readings of its own. */
    public static final String PATIENT_PHONE = "patient-phone";

    public static final Set<String> READING_KINDS = Set.of(BP_CUFF, PULSE_OXIMETER, MONITOR);
    /** Phones: their silence says nothing about the patient's vitals, so it is never judged. */
    public static final Set<String> PHONE_KINDS = Set.of(SITTER_PHONE, PATIENT_PHONE);

    /** A cuff measures every 5 minutes during the first hour after the dose... */
    public static final Duration CUFF_EARLY_CADENCE = Duration.ofMinutes(5);
    /** ...and every 15 minutes after it. */
    public static final Duration CUFF_LATER_CADENCE = Duration.ofMinutes(15);
    /** The first hour after the dose, when the cuff measures more often. */
    public static final Duration CUFF_EARLY_WINDOW = Duration.ofHours(1);
    /** An oximeter samples at about 1 Hz and sends a batch every few seconds. */
    public static final Duration OXIMETER_SEND_CADENCE = Duration.ofSeconds(5);
    /** A combined monitor, as the original device contract assumed: one reading a minute. */
    public static final Duration MONITOR_CADENCE = Duration.ofMinutes(1);

    private DeviceKinds() {
    }
}
