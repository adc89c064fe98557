package care.ketamine.session.record;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The monitoring record as a printable A4 PDF (OpenPDF), its times in the patient's zone. */
public final class RecordPdf {

    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 15);
    private static final Font HEADING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
    private static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 9);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 7.5f);
    private static final Font LABEL = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private RecordPdf() {
    }

    public static byte[] render(MonitoringRecord r) {
        ZoneId zone = r.patientTimezone() == null ? ZoneId.of("UTC") : ZoneId.of(r.patientTimezone());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 36, 36, 36, 36);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle("Monitoring record, session " + r.sessionId());
            document.addCreator("session-service");
            document.open();
            document.add(new Paragraph("Dosing session monitoring record", TITLE));
            document.add(new Paragraph("In the spirit of the Spravato REMS patient monitoring form. Computed from the "
                    + "session's own readings, check-ins, alerts and steps. Times are the patient's local time ("
                    + zone + ").", SMALL));

            PdfPTable session = table(new float[]{1, 3});
            row(session, "Session", r.sessionId());
            row(session, "Patient", r.patientId());
            row(session, "Clinician", r.clinicianId());
            row(session, "State", r.state());
            row(session, "Scheduled start", time(r.scheduledStart(), zone));
            row(session, "Dose taken", r.dosedAt() == null ? "no dose was taken" : time(r.dosedAt(), zone));
            section(document, "Session", session);

            PdfPTable vitals = table(new float[]{2.2f, 2, 1.3f, 1, 1.4f});
            header(vitals, "When", "Measured at", "BP (mmHg)", "HR (/min)", "Min after dose");
            vitalsRow(vitals, "Before the dose", r.beforeDose(), zone);
            vitalsRow(vitals, "About 40 min after the dose", r.atPeak(), zone);
            vitalsRow(vitals, "Before discharge", r.beforeDischarge(), zone);
            section(document, "Blood pressure and heart rate", vitals);
            document.add(new Paragraph("Worst SpO2: " + (r.worstSpo2() == null ? "not measured"
                    : r.worstSpo2().spo2() + "% at " + time(r.worstSpo2().measuredAt(), zone)), BODY));

            PdfPTable readings = table(new float[]{1.7f, 1.3f, 1.1f, 0.8f, 0.8f, 0.8f, 0.9f});
            header(readings, "Measured at", "Device", "BP (mmHg)", "HR (/min)", "SpO2 (%)", "RR (/min)", "Min after dose");
            for (MonitoringRecord.ReadingLine line : r.printedReadings()) {
                cells(readings, TIME_SECONDS.format(line.measuredAt().atZone(zone)),
                        line.deviceKind() + (line.readings() > 1 ? " (lowest SpO2 of " + line.readings() + " in the minute)" : ""),
                        line.systolic() == null ? "" : line.systolic() + "/" + line.diastolic(), number(line.heartRate()),
                        number(line.spo2()), number(line.respiratoryRate()),
                        line.minutesAfterDose() == null ? "" : line.minutesAfterDose().toString());
            }
            if (r.readings().isEmpty()) {
                PdfPCell none = new PdfPCell(new Phrase("No reading was received.", BODY));
                none.setColspan(7);
                readings.addCell(none);
            }
            section(document, "Readings, by measurement time (corrected for the device's clock)", readings);

            PdfPTable findings = table(new float[]{1.6f, 1.3f, 1.5f, 3.4f, 2.2f});
            header(findings, "Event", "Occurred", "First at", "Criterion", "Worst seen");
            finding(findings, "Sedation", r.sedation(), zone);
            finding(findings, "Dissociation", r.dissociation(), zone);
            finding(findings, "Respiratory depression", r.respiratoryDepression(), zone);
            section(document, "Clinical events", findings);

            PdfPTable alerts = table(new float[]{1.6f, 1, 1.5f, 1, 3.6f});
            header(alerts, "Alert", "Severity", "Raised", "Worst", "How it ended");
            for (MonitoringRecord.AlertOutcome a : r.alerts()) {
                cells(alerts, a.rule(), a.severity(), time(a.openedAt(), zone), text(a.worstValue()), ending(a, zone));
            }
            if (r.alerts().isEmpty()) {
                PdfPCell none = new PdfPCell(new Phrase("No alert was raised.", BODY));
                none.setColspan(5);
                alerts.addCell(none);
            }
            section(document, "Alerts", alerts);

            MonitoringRecord.Discharge d = r.discharge();
            PdfPTable discharge = table(new float[]{1.6f, 3});
            row(discharge, "Met discharge criteria", d.metCriteriaAt() == null ? "not met"
                    : time(d.metCriteriaAt(), zone) + " (" + d.minutesAfterDose() + " min after the dose)");
            row(discharge, "Monitoring floor", d.floorAt() == null ? "no dose"
                    : time(d.floorAt(), zone) + " (" + d.floor().toMinutes() + " min after the dose)");
            row(discharge, "Ended", d.endedAs() == null ? "not ended" : d.endedAs() + " at " + time(d.endedAt(), zone)
                    + " by " + d.endedBy());
            section(document, "Discharge", discharge);

            MonitoringRecord.MedicationsOfConcern m = r.medicationsOfConcern();
            section(document, "Concomitant medications of concern", null);
            document.add(new Paragraph(!m.available() ? "Not available: " + m.note()
                    : m.medications().isEmpty() ? "None recorded at screening"
                    : String.join(", ", m.medications()) + " (" + m.note() + ")", BODY));

            PdfPTable steps = table(new float[]{1.5f, 1.6f, 1.6f, 1.6f, 3});
            header(steps, "At", "From", "To", "By", "Reason");
            for (SessionRows.Step s : r.steps()) {
                cells(steps, time(s.at(), zone), text(s.from()), s.to(), s.actor(), text(s.reason()));
            }
            section(document, "Steps", steps);
            document.add(new Paragraph("Generated " + time(r.generatedAt(), zone), SMALL));
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the monitoring record could not be laid out", e);
        }
        return out.toByteArray();
    }

    private static void section(Document document, String title, PdfPTable table) throws DocumentException {
        Paragraph heading = new Paragraph(title, HEADING);
        heading.setSpacingBefore(10);
        heading.setSpacingAfter(4);
        document.add(heading);
        if (table != null) {
            document.add(table);
        }
    }

    private static PdfPTable table(float[] widths) {
        PdfPTable table = new PdfPTable(widths);
        table.setWidthPercentage(100);
        table.setHorizontalAlignment(Element.ALIGN_LEFT);
        return table;
    }

    private static void header(PdfPTable table, String... names) {
        for (String name : names) {
            table.addCell(new PdfPCell(new Phrase(name, LABEL)));
        }
    }

    private static void row(PdfPTable table, String label, String value) {
        table.addCell(new PdfPCell(new Phrase(label, LABEL)));
        table.addCell(new PdfPCell(new Phrase(value, BODY)));
    }

    private static void cells(PdfPTable table, String... values) {
        for (String value : values) {
            table.addCell(new PdfPCell(new Phrase(value, BODY)));
        }
    }

    private static void vitalsRow(PdfPTable table, String when, MonitoringRecord.VitalSigns v, ZoneId zone) {
        if (v == null) {
            cells(table, when, "no reading", "", "", "");
        } else {
            cells(table, when, v.measuredAt() == null ? "time not found" : time(v.measuredAt(), zone),
                    v.systolic() + "/" + v.diastolic(), v.heartRate() == null ? "not measured" : v.heartRate().toString(),
                    v.minutesAfterDose() == null ? "" : v.minutesAfterDose().toString());
        }
    }

    private static void finding(PdfPTable table, String name, MonitoringRecord.Finding f, ZoneId zone) {
        String occurred = switch (f.outcome()) {
            case OCCURRED -> "yes";
            case NOT_OBSERVED -> "no";
            case NOT_ASSESSED -> "not assessed";
        };
        cells(table, name, occurred, time(f.firstAt(), zone), f.criterion(),
                f.worst() == null ? "" : f.worst() + " at " + time(f.worstAt(), zone));
    }

    private static String ending(MonitoringRecord.AlertOutcome a, ZoneId zone) {
        String escalated = a.escalationStep() > 0 ? " (escalated to step " + a.escalationStep() + ")" : "";
        return switch (a.status()) {
            case "RESOLVED" -> "resolved by " + a.resolvedBy() + " at " + time(a.resolvedAt(), zone)
                    + (a.resolution() == null ? "" : ": " + a.resolution()) + escalated;
            case "ACKNOWLEDGED" -> "acknowledged by " + a.acknowledgedBy() + " at " + time(a.acknowledgedAt(), zone)
                    + ", not resolved" + escalated;
            default -> "open, not acknowledged" + escalated;
        };
    }

    private static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String number(Integer value) {
        return value == null ? "" : value.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
