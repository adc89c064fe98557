package care.ketamine.intake.domain;

import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * The terms of a treatment plan and the rules they must keep. Monitoring thresholds default
 * from the clinical reference and may only be made stricter; the patient's quiet window after the
 * dose defaults to the peak of dissociation and stays within the observation period.
 */
public record PlanTerms(int dosingSessions, int minDaysBetweenDoses, int doseMg, MonitoringThresholds thresholds,
                        PatientQuietWindow patientQuietWindow) {

    /** At most 6 treatments per prescription (clinical reference, "How an at-home sublingual session runs"). */
    public static final int MAX_SESSIONS = 6;
    public static final int DEFAULT_SESSIONS = 6;
    public static final int DEFAULT_MIN_DAYS = 3;
    /** A plausibility bound on a sublingual dose, not a dosing recommendation. */
    static final int MAX_DOSE_MG = 1000;

    /**
     * Defaults from the clinical reference: gate at 160/90 and HR 100 (Choose Ketamine); a warning
     * above 160/100 (the level at which intake refuses treatment until controlled); a rise of
     * 40 systolic or 25 diastolic (esketamine label); HR above 120 or below 50; SpO2 warning below
     * 92 and critical below 90 (never lower: oximeter skin-tone bias).
     */
    public static final MonitoringThresholds DEFAULT_THRESHOLDS =
            new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);

    /**
     * The patient is not prompted from 20 to 60 minutes after the dose: dissociation (CADSS) peaks at 40
     * minutes and sedation at 30-45 (clinical reference, "What clinic practice monitors"). The sitter is.
     */
    public static final PatientQuietWindow DEFAULT_PATIENT_QUIET_WINDOW = new PatientQuietWindow(20, 60);

    /**
     * The window ends within the 2 hours of observation after each dose (Spravato REMS; the sitter stays about
     * 2 hours): by then dissociation has generally resolved (by 1.5 h) and the patient's own answers are what
     * tells the clinician they are alert.
     */
    public static final int MAX_QUIET_UNTIL_MINUTES = 120;

    /** Never longer than dissociation usually lasts (40-90 minutes): the patient is not left unasked for longer. */
    public static final int MAX_QUIET_MINUTES = 90;

    /** Every rule the terms break: ranges, any threshold looser than its default, a quiet window out of bounds. */
    public List<Breach> check() {
        List<Breach> breaches = new ArrayList<>();
        if (dosingSessions < 1 || dosingSessions > MAX_SESSIONS) {
            breaches.add(new Breach("plan.dosingSessions", "must be between 1 and " + MAX_SESSIONS));
        }
        if (minDaysBetweenDoses < 1 || minDaysBetweenDoses > 28) {
            breaches.add(new Breach("plan.minDaysBetweenDoses", "must be between 1 and 28"));
        }
        if (doseMg < 1 || doseMg > MAX_DOSE_MG) {
            breaches.add(new Breach("plan.doseMg", "must be between 1 and " + MAX_DOSE_MG));
        }
        MonitoringThresholds t = thresholds;
        MonitoringThresholds d = DEFAULT_THRESHOLDS;
        atMost(breaches, "gateMaxSystolic", t.gateMaxSystolic(), d.gateMaxSystolic());
        atMost(breaches, "gateMaxDiastolic", t.gateMaxDiastolic(), d.gateMaxDiastolic());
        atMost(breaches, "gateMaxHeartRate", t.gateMaxHeartRate(), d.gateMaxHeartRate());
        atMost(breaches, "warnSystolic", t.warnSystolic(), d.warnSystolic());
        atMost(breaches, "warnDiastolic", t.warnDiastolic(), d.warnDiastolic());
        atMost(breaches, "riseSystolic", t.riseSystolic(), d.riseSystolic());
        atMost(breaches, "riseDiastolic", t.riseDiastolic(), d.riseDiastolic());
        atMost(breaches, "heartRateHigh", t.heartRateHigh(), d.heartRateHigh());
        atLeast(breaches, "heartRateLow", t.heartRateLow(), d.heartRateLow());
        atLeast(breaches, "spo2Warning", t.spo2Warning(), d.spo2Warning());
        atLeast(breaches, "spo2Critical", t.spo2Critical(), d.spo2Critical());
        if (t.spo2Critical() > t.spo2Warning()) {
            breaches.add(new Breach("plan.thresholds.spo2Critical", "must not be above spo2Warning"));
        }
        if (t.spo2Warning() > 100 || t.heartRateLow() >= t.heartRateHigh() || t.gateMaxDiastolic() >= t.gateMaxSystolic()
                || t.warnDiastolic() >= t.warnSystolic() || t.riseSystolic() < 1 || t.riseDiastolic() < 1
                || t.gateMaxHeartRate() < 40 || t.gateMaxSystolic() < 90) {
            breaches.add(new Breach("plan.thresholds", "are not consistent (check the order of low and high values)"));
        }
        checkQuietWindow(breaches, patientQuietWindow);
        return breaches;
    }

    private static void checkQuietWindow(List<Breach> breaches, PatientQuietWindow window) {
        int from = window.fromMinutes();
        int until = window.untilMinutes();
        if (from < 0 || from >= MAX_QUIET_UNTIL_MINUTES) {
            breaches.add(new Breach("plan.patientQuietWindow.fromMinutes",
                    "must be between 0 and " + (MAX_QUIET_UNTIL_MINUTES - 1) + " minutes after the dose, not " + from));
        }
        if (until > MAX_QUIET_UNTIL_MINUTES) {
            breaches.add(new Breach("plan.patientQuietWindow.untilMinutes",
                    "must be at most " + MAX_QUIET_UNTIL_MINUTES + " minutes after the dose (the observation period), not "
                            + until));
        } else if (until <= from) {
            breaches.add(new Breach("plan.patientQuietWindow.untilMinutes",
                    "must be after fromMinutes (" + from + "), not " + until));
        } else if (until - from > MAX_QUIET_MINUTES) {
            breaches.add(new Breach("plan.patientQuietWindow.untilMinutes",
                    "must be at most " + MAX_QUIET_MINUTES + " minutes after fromMinutes (" + from + "), not " + until));
        }
    }

    private static void atMost(List<Breach> breaches, String name, int value, int defaultValue) {
        if (value > defaultValue) {
            breaches.add(new Breach("plan.thresholds." + name,
                    "may only be made stricter: at most " + defaultValue + ", not " + value));
        }
    }

    private static void atLeast(List<Breach> breaches, String name, int value, int defaultValue) {
        if (value < defaultValue) {
            breaches.add(new Breach("plan.thresholds." + name,
                    "may only be made stricter: at least " + defaultValue + ", not " + value));
        }
    }
}
