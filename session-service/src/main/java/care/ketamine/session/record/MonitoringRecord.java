package care.ketamine.session.record;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A dosing session's monitoring record, in the spirit of the Spravato REMS patient monitoring form:
 * blood pressure and heart rate before the dose, near the expected peak (40 minutes after it) and
 * before discharge; the worst SpO2; whether sedation, dissociation or respiratory depression
 * occurred and when first; the alerts and how each ended; when the patient met the discharge
 * criteria against the monitoring floor; medications of concern; who did each step; every reading by
 * its corrected measurement time with the kind of device that measured it. Computed from
 * the session's own rows, so it can be produced at any time, for any end state.
 */
public record MonitoringRecord(String sessionId, String patientId, String clinicianId, String state,
                               Instant scheduledStart, String patientTimezone, Instant dosedAt,
                               VitalSigns beforeDose, VitalSigns atPeak, VitalSigns beforeDischarge,
                               OxygenSaturation worstSpo2, Finding sedation, Finding dissociation,
                               Finding respiratoryDepression, List<AlertOutcome> alerts, Discharge discharge,
                               MedicationsOfConcern medicationsOfConcern, List<SessionRows.Step> steps,
                               Instant generatedAt, List<ReadingLine> readings) {

    /** Sedation: the sitter observed MOAA/S at or below this (moderate sedation or deeper). */
    static final int SEDATION_MOAAS = 3;
    /** Respiratory depression: SpO2 below this (hypoxaemia)... */
    static final int HYPOXAEMIA_SPO2 = 90;
    /** ...or a respiratory rate below this, when measured. */
    static final int SLOW_BREATHING_RATE = 10;

    /**
     * A BP and heart rate with when they were measured (from a reading with a blood pressure: a cuff's or a monitor's).
     *
     * @param minutesAfterDose whole minutes from the dose to the measurement (negative before it); null without a dose
     */
    public record VitalSigns(Instant measuredAt, Integer systolic, Integer diastolic, Integer heartRate,
                             Long minutesAfterDose, String source) {
    }

    public record OxygenSaturation(int spo2, Instant measuredAt) {
    }

    /**
     * A reading of the session as the record lists it, or, printed, a minute of an oximeter's readings.
     *
     * @param measuredAt the corrected measurement time (for a minute of oximeter readings: its lowest SpO2's)
     * @param readings   how many readings the line stands for (1, or the oximeter's readings in that minute)
     */
    public record ReadingLine(Instant measuredAt, String deviceKind, Integer systolic, Integer diastolic,
                              Integer heartRate, Integer spo2, Integer respiratoryRate, Long minutesAfterDose,
                              int readings) {
    }

    public enum Outcome {
        /** The criterion was met at least once. */
        OCCURRED,
        /** Assessed, and never met. */
        NOT_OBSERVED,
        /** Nothing in the session could show it (no check-in, no SpO2 or respiratory rate). */
        NOT_ASSESSED
    }

    /** Whether a clinical event occurred, by which criterion, when first, and what was seen at worst and when. */
    public record Finding(Outcome outcome, String criterion, Instant firstAt, String worst, Instant worstAt) {
    }

    /** An alert and how it ended (or that it has not). */
    public record AlertOutcome(String alertId, String rule, String severity, String summary, Instant openedAt,
                               String worstValue, int occurrences, int reopenings, int escalationStep, String status,
                               String acknowledgedBy, Instant acknowledgedAt, String resolvedBy, Instant resolvedAt,
                               String resolution, String ending) {
    }

    /**
     * When the patient met the discharge criteria (the RECOVERED step) against the floor of the
     * monitoring time after the dose, and how the session ended.
     *
     * @param metCriteriaAt the RECOVERED step, or null when the patient did not (yet) meet the criteria
     * @param floorAt       the dose time plus the monitoring floor; null without a dose
     */
    public record Discharge(Instant metCriteriaAt, Instant floorAt, Duration floor, Long minutesAfterDose,
                            String endedAs, Instant endedAt, String endedBy) {
    }

    /** Concomitant medications of concern from intake, or why they are not shown. */
    public record MedicationsOfConcern(boolean available, List<String> medications, String note) {

        /**
         * From the patient's plan: the classes intake's latest screening recorded (possibly none), or
         * not available when the plan came on an event that did not carry them, or there is no plan.
         *
         * @param classes the classes in words; empty when none were recorded; null when not recorded
         */
        public static MedicationsOfConcern fromPlan(boolean planKnown, List<String> classes) {
            if (!planKnown) {
                return new MedicationsOfConcern(false, List.of(), "session-service has no approved plan for this "
                        + "patient; see the patient's latest screening in intake");
            }
            if (classes == null) {
                return new MedicationsOfConcern(false, List.of(), "the patient's plan was approved before intake "
                        + "carried the medications of concern; see the patient's latest screening in intake");
            }
            return new MedicationsOfConcern(true, List.copyOf(classes), classes.isEmpty()
                    ? "none recorded at screening"
                    : "classes of concern recorded at the screening the plan was approved on");
        }
    }

    /**
     * @param peak  how long after the dose the "40 minutes" reading is looked for (the clinic's 40 minutes, or
     *              compressed in a demonstration)
     * @param floor the monitoring floor after the dose (120 minutes, or compressed)
     */
    public static MonitoringRecord of(SessionRows rows, Duration peak, Duration floor, MedicationsOfConcern medications,
                                      Instant generatedAt) {
        SessionRows.Facts s = rows.session();
        List<SessionRows.Reading> readings = rows.readings().stream()
                .sorted(Comparator.comparing(SessionRows.Reading::measuredAt)).toList();
        Instant dosedAt = s.dosedAt();
        Optional<SessionRows.Step> recovered = first(rows.steps(), t -> "RECOVERED".equals(t.to()));
        Optional<SessionRows.Step> ended = first(rows.steps(), t -> SessionStates.ended(t.to()));
        Instant dischargePoint = recovered.map(SessionRows.Step::at).orElse(ended.map(SessionRows.Step::at).orElse(null));
        return new MonitoringRecord(s.sessionId(), s.patientId(), s.clinicianId(), s.state(), s.scheduledStart(),
                s.patientTimezone(), dosedAt, beforeDose(s, readings), atPeak(readings, dosedAt, peak),
                beforeDischarge(readings, dosedAt, dischargePoint), worstSpo2(readings),
                sedation(rows.sitterCheckIns()), dissociation(rows.patientCheckIns()), respiratoryDepression(readings),
                rows.alerts().stream().sorted(Comparator.comparing(SessionRows.Alert::openedAt))
                        .map(MonitoringRecord::outcome).toList(),
                new Discharge(recovered.map(SessionRows.Step::at).orElse(null),
                        dosedAt == null ? null : dosedAt.plus(floor), floor,
                        recovered.map(t -> minutesAfter(dosedAt, t.at())).orElse(null),
                        ended.map(SessionRows.Step::to).orElse(null), ended.map(SessionRows.Step::at).orElse(null),
                        ended.map(SessionRows.Step::actor).orElse(null)),
                medications, rows.steps(), generatedAt,
                readings.stream().map(r -> new ReadingLine(r.measuredAt(), r.deviceKind(), r.systolic(), r.diastolic(),
                        r.heartRate(), r.spo2(), r.respiratoryRate(), minutesAfter(dosedAt, r.measuredAt()), 1)).toList());
    }

    /**
     * The readings as printed: a cuff's or a monitor's one by one; a pulse oximeter's (about one a second) one
     * line per minute, showing the minute's lowest SpO2 with its time and pulse and the minute's slowest breathing,
     * so a short dip is never averaged away.
     */
    public List<ReadingLine> printedReadings() {
        List<ReadingLine> printed = new java.util.ArrayList<>();
        java.util.Map<Instant, List<ReadingLine>> minutes = new java.util.LinkedHashMap<>();
        for (ReadingLine r : readings) {
            if (DeviceKinds.PULSE_OXIMETER.equals(r.deviceKind())) {
                minutes.computeIfAbsent(r.measuredAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                        m -> new java.util.ArrayList<>()).add(r);
            } else {
                printed.add(r);
            }
        }
        for (List<ReadingLine> minute : minutes.values()) {
            ReadingLine lowest = minute.stream().filter(r -> r.spo2() != null).min(Comparator.comparing(ReadingLine::spo2))
                    .orElse(minute.get(0));
            Integer slowest = minute.stream().map(ReadingLine::respiratoryRate).filter(java.util.Objects::nonNull)
                    .min(Integer::compare).orElse(null);
            printed.add(new ReadingLine(lowest.measuredAt(), lowest.deviceKind(), null, null, lowest.heartRate(),
                    lowest.spo2(), slowest, lowest.minutesAfterDose(), minute.size()));
        }
        printed.sort(Comparator.comparing(ReadingLine::measuredAt));
        return printed;
    }

    /** The reading the gate passed on, as stored on the session; its time from the latest matching reading before the dose. */
    private static VitalSigns beforeDose(SessionRows.Facts s, List<SessionRows.Reading> readings) {
        if (s.preDoseSystolic() == null) {
            return null;
        }
        Instant doseOrNow = s.dosedAt() == null ? Instant.MAX : s.dosedAt();
        Instant measuredAt = readings.stream()
                .filter(r -> !r.measuredAt().isAfter(doseOrNow) && s.preDoseSystolic().equals(r.systolic())
                        && s.preDoseDiastolic().equals(r.diastolic())
                        && java.util.Objects.equals(r.heartRate(), s.preDoseHeartRate()))
                .reduce((a, b) -> b).map(SessionRows.Reading::measuredAt).orElse(null);
        return new VitalSigns(measuredAt, s.preDoseSystolic(), s.preDoseDiastolic(), s.preDoseHeartRate(),
                measuredAt == null ? null : minutesAfter(s.dosedAt(), measuredAt), "the reading the pre-dose gate passed on");
    }

    /** The blood-pressure reading nearest the expected peak after the dose (the earlier of two equally near), with its time. */
    private static VitalSigns atPeak(List<SessionRows.Reading> readings, Instant dosedAt, Duration peak) {
        if (dosedAt == null) {
            return null;
        }
        Instant mark = dosedAt.plus(peak);
        return readings.stream().filter(r -> r.hasBloodPressure() && !r.measuredAt().isBefore(dosedAt))
                .min(Comparator.comparing((SessionRows.Reading r) -> Duration.between(r.measuredAt(), mark).abs()))
                .map(r -> vitals(r, dosedAt, "the reading nearest " + peak.toMinutes() + " minutes after the dose"))
                .orElse(null);
    }

    /** The last blood-pressure reading at or before the patient met the discharge criteria, or else before the session ended. */
    private static VitalSigns beforeDischarge(List<SessionRows.Reading> readings, Instant dosedAt, Instant dischargePoint) {
        if (dischargePoint == null) {
            return null;
        }
        return readings.stream().filter(r -> r.hasBloodPressure() && !r.measuredAt().isAfter(dischargePoint))
                .reduce((a, b) -> b)
                .map(r -> vitals(r, dosedAt, "the last reading before discharge")).orElse(null);
    }

    private static OxygenSaturation worstSpo2(List<SessionRows.Reading> readings) {
        return readings.stream().filter(r -> r.spo2() != null)
                .min(Comparator.comparing(SessionRows.Reading::spo2)) // stream order: the earliest of equal values
                .map(r -> new OxygenSaturation(r.spo2(), r.measuredAt())).orElse(null);
    }

    private static Finding sedation(List<SessionRows.SitterCheckIn> checkIns) {
        String criterion = "MOAA/S " + SEDATION_MOAAS + " or less, as the sitter observed it";
        if (checkIns.isEmpty()) {
            return new Finding(Outcome.NOT_ASSESSED, criterion + " (no sitter check-in)", null, null, null);
        }
        List<SessionRows.SitterCheckIn> ordered = checkIns.stream()
                .sorted(Comparator.comparing(SessionRows.SitterCheckIn::answeredAt)).toList();
        SessionRows.SitterCheckIn lowest = ordered.stream().min(Comparator.comparing(SessionRows.SitterCheckIn::moaas)).get();
        return new Finding(lowest.moaas() <= SEDATION_MOAAS ? Outcome.OCCURRED : Outcome.NOT_OBSERVED, criterion,
                ordered.stream().filter(c -> c.moaas() <= SEDATION_MOAAS).findFirst()
                        .map(SessionRows.SitterCheckIn::answeredAt).orElse(null),
                "MOAA/S " + lowest.moaas(), lowest.answeredAt());
    }

    /** Any dissociative symptom the patient reported (an item above 0) counts: the conservative reading of the check. */
    private static Finding dissociation(List<SessionRows.PatientCheckIn> checkIns) {
        String criterion = "any of the patient's three dissociation items above 0 (a brief adaptation of CADSS items, "
                + "not a CADSS score)";
        if (checkIns.isEmpty()) {
            return new Finding(Outcome.NOT_ASSESSED, criterion + " (no patient check-in)", null, null, null);
        }
        List<SessionRows.PatientCheckIn> ordered = checkIns.stream()
                .sorted(Comparator.comparing(SessionRows.PatientCheckIn::answeredAt)).toList();
        SessionRows.PatientCheckIn highest = ordered.stream()
                .max(Comparator.comparing(SessionRows.PatientCheckIn::dissociationTotal)
                        .thenComparing(SessionRows.PatientCheckIn::answeredAt, Comparator.reverseOrder())).get();
        Optional<SessionRows.PatientCheckIn> firstReported = ordered.stream().filter(c -> c.dissociationTotal() > 0).findFirst();
        return new Finding(firstReported.isPresent() ? Outcome.OCCURRED : Outcome.NOT_OBSERVED, criterion,
                firstReported.map(SessionRows.PatientCheckIn::answeredAt).orElse(null),
                "total " + highest.dissociationTotal() + " of 12", highest.answeredAt());
    }

    private static Finding respiratoryDepression(List<SessionRows.Reading> readings) {
        String criterion = "SpO2 below " + HYPOXAEMIA_SPO2 + "% or a respiratory rate below " + SLOW_BREATHING_RATE + "/min";
        List<SessionRows.Reading> assessed = readings.stream()
                .filter(r -> r.spo2() != null || r.respiratoryRate() != null).toList();
        boolean rateMeasured = assessed.stream().anyMatch(r -> r.respiratoryRate() != null);
        if (!rateMeasured) {
            criterion += " (no respiratory rate was measured: SpO2 only)";
        }
        if (assessed.isEmpty()) {
            return new Finding(Outcome.NOT_ASSESSED, criterion, null, null, null);
        }
        List<SessionRows.Reading> depressed = assessed.stream().filter(MonitoringRecord::depressed).toList();
        if (depressed.isEmpty()) {
            return new Finding(Outcome.NOT_OBSERVED, criterion, null, null, null);
        }
        // Worst: the lowest SpO2 among them, else the slowest breathing (a reading without SpO2 sorts last).
        SessionRows.Reading worst = depressed.stream().min(Comparator
                .comparing((SessionRows.Reading r) -> r.spo2() == null ? Integer.MAX_VALUE : r.spo2())
                .thenComparing(r -> r.respiratoryRate() == null ? Integer.MAX_VALUE : r.respiratoryRate())).get();
        String values = (worst.spo2() == null ? "" : "SpO2 " + worst.spo2() + "%")
                + (worst.respiratoryRate() == null ? "" : (worst.spo2() == null ? "" : ", ") + "respiratory rate "
                + worst.respiratoryRate() + "/min");
        return new Finding(Outcome.OCCURRED, criterion, depressed.get(0).measuredAt(), values, worst.measuredAt());
    }

    private static boolean depressed(SessionRows.Reading r) {
        return (r.spo2() != null && r.spo2() < HYPOXAEMIA_SPO2)
                || (r.respiratoryRate() != null && r.respiratoryRate() < SLOW_BREATHING_RATE);
    }

    private static AlertOutcome outcome(SessionRows.Alert a) {
        String ending = switch (a.status()) {
            case "RESOLVED" -> "resolved by " + a.resolvedBy() + " at " + a.resolvedAt()
                    + (a.resolution() == null ? "" : ": " + a.resolution());
            case "ACKNOWLEDGED" -> "acknowledged by " + a.acknowledgedBy() + " at " + a.acknowledgedAt() + ", not resolved";
            default -> "open, not acknowledged";
        };
        return new AlertOutcome(a.alertId(), a.rule(), a.severity(), a.summary(), a.openedAt(), a.worstValue(),
                a.occurrences(), a.reopenings(), a.escalationStep(), a.status(), a.acknowledgedBy(), a.acknowledgedAt(),
                a.resolvedBy(), a.resolvedAt(), a.resolution(), ending);
    }

    private static VitalSigns vitals(SessionRows.Reading r, Instant dosedAt, String source) {
        return new VitalSigns(r.measuredAt(), r.systolic(), r.diastolic(), r.heartRate(), minutesAfter(dosedAt, r.measuredAt()),
                source);
    }

    private static Long minutesAfter(Instant dosedAt, Instant at) {
        return dosedAt == null ? null : Duration.between(dosedAt, at).toMinutes();
    }

    private static Optional<SessionRows.Step> first(List<SessionRows.Step> steps, Predicate<SessionRows.Step> which) {
        return steps.stream().filter(which).findFirst();
    }
}
