package care.ketamine.session.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What discharge is judged on, as the tables hold it: the pre-dose reading, the readings of the
 * last stretch, the sitter's and the patient's latest check-ins, the unresolved alerts and the
 * dose time. Near the pre-dose reading means every reading of the stretch, on what it measured:
 * systolic within 20, diastolic within 10, heart rate within 20 (a reading without one does not
 * count as near), SpO2 at or above the floor. The stretch needs a blood pressure, and with a pulse
 * oximeter paired an SpO2 too: an oximeter's readings alone cannot show the blood pressure settled.
 *
 * @param preDose     the reading the gate passed on (the session's pre-dose reading)
 * @param readings    the session's readings from every device; those outside the last stretch are passed over
 * @param pairedKinds the kinds of the session's paired, unrevoked reading devices
 */
public record DischargeFacts(GateReading preDose, List<GateReading> readings, SitterLook latestSitter,
                             PatientLook latestPatient, List<OpenAlert> openAlerts, Instant dosedAt, int spo2Floor,
                             Set<String> pairedKinds) {

    /** Readings named one by one when not near; the rest are counted (an oximeter sends one a second). */
    static final int NAMED_AT_MOST = 5;

    static final int SYSTOLIC_WITHIN = 20;
    static final int DIASTOLIC_WITHIN = 10;
    static final int HEART_RATE_WITHIN = 20;
    static final int MOAAS_ALERT = 5;

    public DischargeFacts {
        readings = List.copyOf(readings);
        openAlerts = List.copyOf(openAlerts);
        pairedKinds = Set.copyOf(pairedKinds);
    }

    /** The facts of a session whose readings come from a combined monitor. */
    public DischargeFacts(GateReading preDose, List<GateReading> readings, SitterLook latestSitter,
                          PatientLook latestPatient, List<OpenAlert> openAlerts, Instant dosedAt, int spo2Floor) {
        this(preDose, readings, latestSitter, latestPatient, openAlerts, dosedAt, spo2Floor, Set.of(DeviceKinds.MONITOR));
    }

    public DischargeProposal propose(ProtocolTimes times, Instant now) {
        Instant from = now.minus(times.dischargeWindow());
        String stretch = "the last " + ProtocolTimes.spoken(times.dischargeWindow());
        return new DischargeProposal(now, List.of(vitals(from, now, stretch), sitter(from, stretch), patient(),
                alerts(), floor(times.minMonitoring(), now)));
    }

    private DischargeProposal.Criterion vitals(Instant from, Instant now, String stretch) {
        if (preDose == null) {
            return new DischargeProposal.Criterion(DischargeProposal.VITALS, false, "no pre-dose reading to compare with", true);
        }
        List<GateReading> recent = readings.stream()
                .filter(r -> !r.measuredAt().isBefore(from) && !r.measuredAt().isAfter(now)).toList();
        String against = "pre-dose BP " + preDose.systolic() + "/" + preDose.diastolic() + ", heart rate "
                + (preDose.heartRate() == null ? "not measured" : preDose.heartRate()) + "; SpO2 floor " + spo2Floor + " %";
        if (recent.isEmpty()) {
            return new DischargeProposal.Criterion(DischargeProposal.VITALS, false, "no reading in " + stretch + " (" + against + ")", true);
        }
        List<String> missing = new ArrayList<>();
        if (recent.stream().noneMatch(GateReading::hasBloodPressure)) {
            missing.add("no blood pressure in " + stretch);
        }
        if (pairedKinds.contains(DeviceKinds.PULSE_OXIMETER) && recent.stream().allMatch(r -> r.spo2() == null)) {
            missing.add("no SpO2 from the pulse oximeter in " + stretch);
        }
        List<String> off = new ArrayList<>();
        int notNear = 0;
        for (GateReading r : recent) {
            List<String> out = new ArrayList<>();
            if (r.hasBloodPressure() && Math.abs(r.systolic() - preDose.systolic()) > SYSTOLIC_WITHIN) {
                out.add("systolic " + r.systolic() + " is more than " + SYSTOLIC_WITHIN + " from " + preDose.systolic());
            }
            if (r.hasBloodPressure() && Math.abs(r.diastolic() - preDose.diastolic()) > DIASTOLIC_WITHIN) {
                out.add("diastolic " + r.diastolic() + " is more than " + DIASTOLIC_WITHIN + " from " + preDose.diastolic());
            }
            if (r.heartRate() == null || preDose.heartRate() == null) {
                out.add("heart rate not measured");
            } else if (Math.abs(r.heartRate() - preDose.heartRate()) > HEART_RATE_WITHIN) {
                out.add("heart rate " + r.heartRate() + " is more than " + HEART_RATE_WITHIN + " from " + preDose.heartRate());
            }
            if (r.spo2() != null && r.spo2() < spo2Floor) {
                out.add("SpO2 " + r.spo2() + " % is below " + spo2Floor + " %");
            }
            if (!out.isEmpty()) {
                if (++notNear <= NAMED_AT_MOST) {
                    off.add("at " + r.measuredAt() + " (" + GateReading.device(r.deviceKind()) + ") " + String.join(", ", out));
                }
            }
        }
        if (notNear > NAMED_AT_MOST) {
            off.add("and " + (notNear - NAMED_AT_MOST) + " more readings");
        }
        String figures = recent.size() + " readings in " + stretch + ": BP " + range(recent, GateReading::systolic) + "/"
                + range(recent, GateReading::diastolic) + ", heart rate " + range(recent, GateReading::heartRate)
                + ", SpO2 " + range(recent, GateReading::spo2) + " (" + against + ")"
                + (missing.isEmpty() ? "" : "; " + String.join("; ", missing))
                + (off.isEmpty() ? "" : "; not near: " + String.join("; ", off));
        boolean met = off.isEmpty() && missing.isEmpty();
        return new DischargeProposal.Criterion(DischargeProposal.VITALS, met, figures, true);
    }

    private static String range(List<GateReading> readings, java.util.function.Function<GateReading, Integer> value) {
        IntSummaryStatistics s = readings.stream().map(value).filter(Objects::nonNull).mapToInt(Integer::intValue)
                .summaryStatistics();
        return s.getCount() == 0 ? "not measured" : s.getMin() == s.getMax() ? String.valueOf(s.getMin())
                : s.getMin() + "-" + s.getMax();
    }

    private DischargeProposal.Criterion sitter(Instant from, String stretch) {
        if (latestSitter == null || latestSitter.answeredAt().isBefore(from)) {
            return new DischargeProposal.Criterion(DischargeProposal.SITTER, false, "no sitter check-in in " + stretch
                    + (latestSitter == null ? "" : " (the latest was at " + latestSitter.answeredAt() + ")"), true);
        }
        boolean met = latestSitter.moaas() == MOAAS_ALERT && latestSitter.present();
        return new DischargeProposal.Criterion(DischargeProposal.SITTER, met, "MOAA/S " + latestSitter.moaas() + " of "
                + MOAAS_ALERT + ", sitter " + (latestSitter.present() ? "present" : "not present") + " at "
                + latestSitter.answeredAt(), true);
    }

    private DischargeProposal.Criterion patient() {
        if (latestPatient == null) {
            return new DischargeProposal.Criterion(DischargeProposal.PATIENT, false, "the patient has not checked in", true);
        }
        return new DischargeProposal.Criterion(DischargeProposal.PATIENT, latestPatient.feelsOk(), "the patient's check-in at "
                + latestPatient.answeredAt() + " says " + (latestPatient.feelsOk() ? "OK" : "not OK"), true);
    }

    private DischargeProposal.Criterion alerts() {
        List<String> serious = openAlerts.stream().filter(OpenAlert::serious).map(OpenAlert::spoken).toList();
        return new DischargeProposal.Criterion(DischargeProposal.ALERTS, serious.isEmpty(), serious.isEmpty()
                ? "no unresolved WARNING or CRITICAL alert" : "unresolved: " + String.join(", ", serious), true);
    }

    private DischargeProposal.Criterion floor(Duration minMonitoring, Instant now) {
        if (dosedAt == null) {
            return new DischargeProposal.Criterion(DischargeProposal.FLOOR, false, "no dose time recorded", false);
        }
        Instant due = dosedAt.plus(minMonitoring);
        return new DischargeProposal.Criterion(DischargeProposal.FLOOR, !now.isBefore(due), "tablet taken at " + dosedAt
                + "; " + ProtocolTimes.spoken(minMonitoring) + " pass at " + due, false);
    }
}
