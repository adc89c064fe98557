package care.ketamine.session.record;

import care.ketamine.session.record.MonitoringRecord.Outcome;
import care.ketamine.session.record.SessionRows.Alert;
import care.ketamine.session.record.SessionRows.PatientCheckIn;
import care.ketamine.session.record.SessionRows.Reading;
import care.ketamine.session.record.SessionRows.SitterCheckIn;
import care.ketamine.session.record.SessionRows.Step;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record's figures against a scripted session whose readings, check-ins, alerts and steps are
 * known. The dose is taken at 15:00Z (10:00 in New York, EST); times below are minutes from it.
 */
class MonitoringRecordTest {

    private static final Instant DOSE = Instant.parse("2026-03-03T15:00:00Z");
    private static final Duration PEAK = Duration.ofMinutes(40);
    private static final Duration FLOOR = Duration.ofMinutes(120);
    private static final MonitoringRecord.MedicationsOfConcern OPIOID_AND_STIMULANT =
            MonitoringRecord.MedicationsOfConcern.fromPlan(true, List.of("stimulant", "opioid"));

    private static Instant at(int minutes) {
        return DOSE.plus(Duration.ofMinutes(minutes));
    }

    private static Reading reading(int minutes, int systolic, int diastolic, Integer heartRate, Integer spo2) {
        return new Reading(at(minutes), systolic, diastolic, heartRate, spo2, null);
    }

    private static SessionRows.Facts facts(String state, Instant dosedAt) {
        return new SessionRows.Facts("s-1", "p-1", "dr-a", "DOSING", state, at(-30), "America/New_York", dosedAt,
                131, 83, 75);
    }

    /** A whole session: held once, gated, dosed, a BP rise, an SpO2 dip, sedation and dissociation, recovered, completed. */
    private static SessionRows scripted() {
        List<Reading> readings = new ArrayList<>(List.of(
                reading(-10, 150, 95, 96, 97),   // the reading that held the gate
                reading(-5, 131, 83, 75, 98),    // the gate passed on this one
                reading(15, 150, 92, 88, 96),
                reading(35, 158, 99, 92, 95),    // 5 min from the 40-minute mark: the nearest
                reading(46, 162, 101, 94, 93),   // 6 min from it
                reading(60, 145, 90, 85, 89),    // SpO2 below 90: respiratory depression first
                reading(75, 140, 88, 80, 88),    // the worst SpO2
                reading(90, 135, 85, 78, 92),
                reading(125, 130, 82, 74, 96),   // the last before recovery
                reading(140, 128, 80, 72, 97))); // after recovery: not the discharge reading
        java.util.Collections.reverse(readings); // the record does not depend on the rows' order
        List<SitterCheckIn> sitter = List.of(new SitterCheckIn(at(15), 5, true), new SitterCheckIn(at(30), 3, true),
                new SitterCheckIn(at(45), 2, true), new SitterCheckIn(at(60), 4, true), new SitterCheckIn(at(120), 5, true));
        List<PatientCheckIn> patient = List.of(new PatientCheckIn(at(15), 0, 0, 0, true),
                new PatientCheckIn(at(30), 2, 1, 1, true), new PatientCheckIn(at(45), 3, 2, 2, false),
                new PatientCheckIn(at(120), 0, 0, 0, true));
        List<Step> steps = List.of(
                new Step(null, "SCHEDULED", "scheduler-1", at(-2000), "scheduled"),
                new Step("SCHEDULED", "CHECKED_IN", "dr-a", at(-20), "checked in"),
                new Step("CHECKED_IN", "HELD", "dr-a", at(-10), "BP 150/95 is above 140/90"),
                new Step("HELD", "PRE_DOSE_CHECK", "dr-a", at(-5), "gate passed"),
                new Step("PRE_DOSE_CHECK", "DOSED", "dr-a", DOSE, "tablet taken"),
                new Step("DOSED", "MONITORING", "dr-a", at(5), "monitoring"),
                new Step("MONITORING", "RECOVERED", "dr-a", at(130), "criteria met"),
                new Step("RECOVERED", "COMPLETED", "dr-a", at(145), "completed"));
        List<Alert> alerts = List.of(
                new Alert("a-2", "spo2-low", "CRITICAL", "RESOLVED", "SpO2 89% below 90%", "88", 2, 0, at(60), 1,
                        "dr-a", at(62), "on it", "dr-a", at(100), "sats recovered"),
                new Alert("a-1", "bp-high", "WARNING", "ACKNOWLEDGED", "BP 162/101 above 160/100", "162/101", 1, 0,
                        at(46), 0, "dr-a", at(48), "watching", null, null, null));
        return new SessionRows(facts("COMPLETED", DOSE), readings, patient, sitter, steps, alerts);
    }

    private static MonitoringRecord record(SessionRows rows) {
        return MonitoringRecord.of(rows, PEAK, FLOOR, OPIOID_AND_STIMULANT, at(300));
    }

    @Test
    void shouldTakeTheFiguresOfAWholeSessionFromItsOwnRows() {
        MonitoringRecord r = record(scripted());

        assertThat(r.beforeDose()).isEqualTo(new MonitoringRecord.VitalSigns(at(-5), 131, 83, 75, -5L,
                "the reading the pre-dose gate passed on"));
        assertThat(r.atPeak()).isEqualTo(new MonitoringRecord.VitalSigns(at(35), 158, 99, 92, 35L,
                "the reading nearest 40 minutes after the dose"));
        assertThat(r.beforeDischarge()).isEqualTo(new MonitoringRecord.VitalSigns(at(125), 130, 82, 74, 125L,
                "the last reading before discharge"));
        assertThat(r.worstSpo2()).isEqualTo(new MonitoringRecord.OxygenSaturation(88, at(75)));

        assertThat(r.sedation()).isEqualTo(new MonitoringRecord.Finding(Outcome.OCCURRED,
                "MOAA/S 3 or less, as the sitter observed it", at(30), "MOAA/S 2", at(45)));
        assertThat(r.dissociation().outcome()).isEqualTo(Outcome.OCCURRED);
        assertThat(r.dissociation().firstAt()).isEqualTo(at(30));
        assertThat(r.dissociation().worst()).isEqualTo("total 7 of 12");
        assertThat(r.dissociation().worstAt()).isEqualTo(at(45));
        assertThat(r.respiratoryDepression()).isEqualTo(new MonitoringRecord.Finding(Outcome.OCCURRED,
                "SpO2 below 90% or a respiratory rate below 10/min (no respiratory rate was measured: SpO2 only)",
                at(60), "SpO2 88%", at(75)));

        assertThat(r.discharge()).isEqualTo(new MonitoringRecord.Discharge(at(130), at(120), FLOOR, 130L, "COMPLETED",
                at(145), "dr-a"));
        assertThat(r.alerts()).extracting(MonitoringRecord.AlertOutcome::rule).containsExactly("bp-high", "spo2-low");
        assertThat(r.alerts()).extracting(MonitoringRecord.AlertOutcome::ending).containsExactly(
                "acknowledged by dr-a at 2026-03-03T15:48:00Z, not resolved",
                "resolved by dr-a at 2026-03-03T16:40:00Z: sats recovered");
        assertThat(r.steps()).extracting(Step::to).containsExactly("SCHEDULED", "CHECKED_IN", "HELD", "PRE_DOSE_CHECK",
                "DOSED", "MONITORING", "RECOVERED", "COMPLETED");
        assertThat(r.steps().get(0).actor()).isEqualTo("scheduler-1");
        assertThat(r.medicationsOfConcern()).isEqualTo(new MonitoringRecord.MedicationsOfConcern(true,
                List.of("stimulant", "opioid"), "classes of concern recorded at the screening the plan was approved on"));
        assertThat(r.generatedAt()).isEqualTo(at(300));
    }

    @ParameterizedTest(name = "readings at {0} and {1} min: the 40-minute reading is the one at {2}")
    @CsvSource({"30, 50, 30", "38, 41, 41", "39, 41, 39", "40, 90, 40", "-5, 70, 70", "5, 120, 5"})
    void shouldTakeTheReadingNearestFortyMinutesAfterTheDoseAndTheEarlierOfTwoEquallyNear(int a, int b, int expected) {
        SessionRows rows = new SessionRows(facts("MONITORING", DOSE),
                List.of(reading(b, 140, 90, 80, 97), reading(a, 150, 95, 85, 96)), List.of(), List.of(), List.of(), List.of());

        assertThat(record(rows).atPeak().measuredAt()).isEqualTo(at(expected));
    }

    @Test
    void shouldCountASlowRespiratoryRateAsDepressionWhenOneIsMeasured() {
        SessionRows rows = new SessionRows(facts("MONITORING", DOSE), List.of(
                new Reading(at(20), 140, 90, 80, 96, 14), new Reading(at(30), 138, 88, 78, 95, 8),
                new Reading(at(40), 136, 86, 77, 94, 9)), List.of(), List.of(), List.of(), List.of());

        MonitoringRecord.Finding f = record(rows).respiratoryDepression();

        assertThat(f.outcome()).isEqualTo(Outcome.OCCURRED);
        assertThat(f.criterion()).isEqualTo("SpO2 below 90% or a respiratory rate below 10/min");
        assertThat(f.firstAt()).isEqualTo(at(30));
        assertThat(f.worst()).isEqualTo("SpO2 94%, respiratory rate 9/min");
    }

    @Test
    void shouldSayWhatWasNotObservedAndWhatCouldNotBeAssessed() {
        SessionRows rows = new SessionRows(facts("MONITORING", DOSE), List.of(reading(20, 140, 90, 80, 96),
                reading(30, 138, 88, 78, 90)), List.of(new PatientCheckIn(at(15), 0, 0, 0, true)), List.of(), List.of(),
                List.of());

        MonitoringRecord r = record(rows);

        assertThat(r.respiratoryDepression().outcome()).isEqualTo(Outcome.NOT_OBSERVED); // 90 is not below 90
        assertThat(r.dissociation().outcome()).isEqualTo(Outcome.NOT_OBSERVED);
        assertThat(r.dissociation().firstAt()).isNull();
        assertThat(r.sedation().outcome()).isEqualTo(Outcome.NOT_ASSESSED);
        assertThat(r.sedation().criterion()).endsWith("(no sitter check-in)");
        assertThat(record(new SessionRows(facts("MONITORING", DOSE), List.of(reading(20, 140, 90, null, null)), List.of(),
                List.of(), List.of(), List.of())).respiratoryDepression().outcome()).isEqualTo(Outcome.NOT_ASSESSED);
    }

    @Test
    void shouldKeepAPatientEndedEarlyUndischargedUntilTheyRecoverAndRecordAHandover() {
        List<Step> early = List.of(new Step("DOSED", "ENDED_EARLY", "dr-a", at(20), "patient asked to stop"));
        SessionRows stillMonitored = new SessionRows(facts("ENDED_EARLY", DOSE), List.of(reading(30, 150, 95, 90, 95)),
                List.of(), List.of(), early, List.of());

        MonitoringRecord r = record(stillMonitored);

        assertThat(r.beforeDischarge()).isNull();
        assertThat(r.discharge().metCriteriaAt()).isNull();
        assertThat(r.discharge().endedAs()).isNull();
        assertThat(r.discharge().floorAt()).isEqualTo(at(120));

        List<Step> handedOver = new ArrayList<>(early);
        handedOver.add(new Step("ENDED_EARLY", "HANDED_OVER", "dr-a", at(50), "911 called at 10:48; paramedics took over"));
        MonitoringRecord over = record(new SessionRows(facts("HANDED_OVER", DOSE), List.of(reading(30, 150, 95, 90, 95),
                reading(55, 152, 96, 91, 94)), List.of(), List.of(), handedOver, List.of()));

        assertThat(over.discharge().metCriteriaAt()).isNull();
        assertThat(over.discharge().endedAs()).isEqualTo("HANDED_OVER");
        assertThat(over.discharge().endedBy()).isEqualTo("dr-a");
        assertThat(over.beforeDischarge().measuredAt()).isEqualTo(at(30));
    }

    @Test
    void shouldRecordASessionAbortedBeforeTheDoseWithoutDoseFigures() {
        SessionRows rows = new SessionRows(new SessionRows.Facts("s-2", "p-1", "dr-a", "DOSING", "ABORTED", at(-30),
                "America/New_York", null, null, null, null), List.of(reading(-10, 172, 96, 104, 97)), List.of(), List.of(),
                List.of(new Step("HELD", "ABORTED", "dr-a", at(-5), "BP stayed high")), List.of());

        MonitoringRecord r = record(rows);

        assertThat(r.dosedAt()).isNull();
        assertThat(r.beforeDose()).isNull();
        assertThat(r.atPeak()).isNull();
        assertThat(r.discharge().floorAt()).isNull();
        assertThat(r.discharge().endedAs()).isEqualTo("ABORTED");
        assertThat(r.beforeDischarge()).isEqualTo(new MonitoringRecord.VitalSigns(at(-10), 172, 96, 104, null,
                "the last reading before discharge"));
    }

    @Test
    void shouldPrintTheRecordAsAPdfWithThePatientsFiguresInTheirLocalTime() throws Exception {
        byte[] pdf = RecordPdf.render(record(scripted()));

        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        StringBuilder text = new StringBuilder();
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page)).append('\n');
        }
        reader.close();
        String all = text.toString().replaceAll("\\s+", " "); // table cells wrap their text over lines
        // 15:00Z is 10:00 in New York (EST) on 3 March 2026.
        assertThat(all).contains("Dosing session monitoring record", "s-1", "2026-03-03 10:00")
                .contains("131/83", "158/99", "130/82")          // before, ~40 min after, before discharge
                .contains("Worst SpO2: 88% at 2026-03-03 11:15")
                .contains("MOAA/S 2 at 2026-03-03 10:45")
                .contains("spo2-low", "resolved by dr-a at 2026-03-03 11:40: sats recovered")
                .contains("acknowledged by dr-a at 2026-03-03 10:48, not resolved")
                .contains("2026-03-03 12:10 (130 min after the dose)", "2026-03-03 12:00 (120 min after the dose)")
                .contains("Concomitant medications of concern",
                        "stimulant, opioid (classes of concern recorded at the screening the plan was approved on)")
                .contains("scheduler-1");
    }

    @Test
    void shouldTellNoneRecordedAtScreeningFromNotRecordedAtAll() throws Exception {
        var none = MonitoringRecord.MedicationsOfConcern.fromPlan(true, List.of());
        var olderEvent = MonitoringRecord.MedicationsOfConcern.fromPlan(true, null);
        var noPlan = MonitoringRecord.MedicationsOfConcern.fromPlan(false, null);

        assertThat(none).isEqualTo(new MonitoringRecord.MedicationsOfConcern(true, List.of(), "none recorded at screening"));
        assertThat(olderEvent.available()).isFalse();
        assertThat(olderEvent.medications()).isEmpty();
        assertThat(olderEvent.note()).contains("approved before intake carried the medications of concern");
        assertThat(noPlan.available()).isFalse();
        assertThat(noPlan.note()).contains("no approved plan");

        assertThat(pdfText(none)).contains("None recorded at screening").doesNotContain("Not available");
        assertThat(pdfText(olderEvent)).contains("Not available: the patient's plan was approved before intake carried")
                .doesNotContain("None recorded");
    }

    private static String pdfText(MonitoringRecord.MedicationsOfConcern medications) throws Exception {
        PdfReader reader = new PdfReader(RecordPdf.render(MonitoringRecord.of(scripted(), PEAK, FLOOR, medications, at(300))));
        StringBuilder text = new StringBuilder();
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page)).append('\n');
        }
        reader.close();
        return text.toString().replaceAll("\\s+", " ");
    }
}
