package care.ketamine.intake.plan;

import care.ketamine.platform.address.DosingAddressRequest;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.intake.domain.PlanTerms;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A treatment plan as a clinician writes it; anything left out takes the clinical default. */
@Schema(description = "Plan terms. Left out: 6 dosing sessions, 3 days apart, thresholds from the clinical reference, "
        + "the patient's quiet window 20 to 60 minutes after the dose, no dosing address (recorded at check-in), "
        + "the sitter texted on critical alerts. "
        + "Thresholds may only be made stricter.")
public record PlanRequest(
        @Schema(description = "Dosing sessions in the series, 1-6", examples = "6") Integer dosingSessions,
        @Schema(description = "Minimum days between doses", examples = "3") Integer minDaysBetweenDoses,
        @Schema(required = true, description = "Sublingual dose, mg", examples = "300") Integer doseMg,
        Thresholds thresholds,
        QuietWindow patientQuietWindow,
        @Schema(description = "Where the patient will be during sessions, with the local emergency number. Left out, it "
                + "is recorded at the first check-in; no dose is authorized until it is confirmed for the session.")
        DosingAddressRequest dosingAddress,
        @Schema(description = "Whether the sitter gets a direct text asking them to check on the patient now when a "
                + "critical alert is raised (the severities alerting is set to text the sitter on). Turn it off when "
                + "the sitter has no mobile phone or asked not to be texted; left out, it is on (also on a new plan).",
                examples = "true")
        Boolean textSitterOnCriticalAlerts) {

    /** Left out, the sitter is texted: the safe choice. */
    boolean textsSitter() {
        return !Boolean.FALSE.equals(textSitterOnCriticalAlerts);
    }

    @Schema(description = "Monitoring thresholds; each left out takes its default (gate 160/90, HR 100; warn above "
            + "160/100, a rise of 40/25, HR above 120 or below 50, SpO2 below 92; critical SpO2 below 90)")
    public record Thresholds(Integer gateMaxSystolic, Integer gateMaxDiastolic, Integer gateMaxHeartRate,
                             Integer warnSystolic, Integer warnDiastolic, Integer riseSystolic, Integer riseDiastolic,
                             Integer heartRateHigh, Integer heartRateLow, Integer spo2Warning, Integer spo2Critical) {
    }

    @Schema(description = "When the patient is not prompted to check in, in minutes after the dose: from (inclusive) "
            + "until (exclusive); the sitter is prompted throughout. Each left out takes its default (20, 60). "
            + "0 <= from < until <= 120, and at most 90 minutes long.")
    public record QuietWindow(@Schema(examples = "20") Integer fromMinutes, @Schema(examples = "60") Integer untilMinutes) {
    }

    PlanTerms toTerms() {
        MonitoringThresholds d = PlanTerms.DEFAULT_THRESHOLDS;
        Thresholds t = thresholds == null
                ? new Thresholds(null, null, null, null, null, null, null, null, null, null, null) : thresholds;
        return new PlanTerms(or(dosingSessions, PlanTerms.DEFAULT_SESSIONS), or(minDaysBetweenDoses, PlanTerms.DEFAULT_MIN_DAYS),
                or(doseMg, 0), new MonitoringThresholds(
                or(t.gateMaxSystolic(), d.gateMaxSystolic()), or(t.gateMaxDiastolic(), d.gateMaxDiastolic()),
                or(t.gateMaxHeartRate(), d.gateMaxHeartRate()), or(t.warnSystolic(), d.warnSystolic()),
                or(t.warnDiastolic(), d.warnDiastolic()), or(t.riseSystolic(), d.riseSystolic()),
                or(t.riseDiastolic(), d.riseDiastolic()), or(t.heartRateHigh(), d.heartRateHigh()),
                or(t.heartRateLow(), d.heartRateLow()), or(t.spo2Warning(), d.spo2Warning()),
                or(t.spo2Critical(), d.spo2Critical())), quietWindow());
    }

    private PatientQuietWindow quietWindow() {
        PatientQuietWindow d = PlanTerms.DEFAULT_PATIENT_QUIET_WINDOW;
        return patientQuietWindow == null ? d : new PatientQuietWindow(
                or(patientQuietWindow.fromMinutes(), d.fromMinutes()), or(patientQuietWindow.untilMinutes(), d.untilMinutes()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
