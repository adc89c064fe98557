package care.ketamine.session.record;

import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.session.record.SessionRows.Reading;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring record of a session whose cuff and oximeter sent separately. */
class SeparateDevicesRecordTest {

    private static final Instant DOSE = Instant.parse("2026-03-03T15:00:00Z");

    private static Instant at(double minutes) {
        return DOSE.plusMillis((long) (minutes * 60_000));
    }

    private static Reading cuff(double minutes, int systolic, int diastolic, int pulse) {
        return new Reading(at(minutes), systolic, diastolic, pulse, null, null, DeviceKinds.BP_CUFF);
    }

    private static Reading oximeter(double minutes, int spo2, int pulse, Integer rate) {
        return new Reading(at(minutes), null, null, pulse, spo2, rate, DeviceKinds.PULSE_OXIMETER);
    }

    private static MonitoringRecord record(List<Reading> readings) {
        SessionRows rows = new SessionRows(new SessionRows.Facts("s-1", "p-1", "dr-a", "DOSING", "MONITORING", at(-30),
                "America/New_York", DOSE, 131, 83, 75), readings, List.of(), List.of(), List.of(), List.of());
        return MonitoringRecord.of(rows, Duration.ofMinutes(40), Duration.ofMinutes(120),
                MonitoringRecord.MedicationsOfConcern.fromPlan(true, List.of()), at(90));
    }

    @Test
    void shouldTakeTheVitalMomentsFromTheCuffAndListEveryReadingByMeasurementTimeWithItsDevice() {
        List<Reading> readings = new ArrayList<>(List.of(
                oximeter(41, 96, 80, 14),            // nearest 40 min, but it has no blood pressure
                cuff(45, 150, 92, 88),
                cuff(-5, 131, 83, 75),               // arrived late (a backlog): listed by when it was measured
                oximeter(-4, 98, 74, null)));

        MonitoringRecord r = record(readings);

        assertThat(r.beforeDose().measuredAt()).isEqualTo(at(-5));
        assertThat(r.atPeak().systolic()).as("the peak reading is the cuff's, not the oximeter's").isEqualTo(150);
        assertThat(r.readings()).extracting(MonitoringRecord.ReadingLine::measuredAt)
                .containsExactly(at(-5), at(-4), at(41), at(45));
        assertThat(r.readings()).extracting(MonitoringRecord.ReadingLine::deviceKind)
                .containsExactly("bp-cuff", "pulse-oximeter", "pulse-oximeter", "bp-cuff");
        assertThat(r.readings().get(2).respiratoryRate()).isEqualTo(14);
        assertThat(r.respiratoryDepression().outcome()).isEqualTo(MonitoringRecord.Outcome.NOT_OBSERVED);
    }

    @Test
    void shouldPrintAMinuteOfOximeterReadingsAsItsLowestSpo2SoADipIsNotAveragedAway() throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            readings.add(oximeter(20 + second / 60.0, second == 37 ? 86 : 97, 70 + second % 3, second == 50 ? 9 : 14));
        }
        readings.add(cuff(21.5, 128, 80, 71));

        MonitoringRecord r = record(readings);
        List<MonitoringRecord.ReadingLine> printed = r.printedReadings();

        assertThat(r.readings()).hasSize(61);
        assertThat(printed).hasSize(2);
        MonitoringRecord.ReadingLine minute = printed.get(0);
        assertThat(minute.spo2()).isEqualTo(86);
        assertThat(minute.measuredAt()).isEqualTo(at(20 + 37 / 60.0));
        assertThat(minute.respiratoryRate()).as("the minute's slowest breathing").isEqualTo(9);
        assertThat(minute.readings()).isEqualTo(60);
        assertThat(printed.get(1).systolic()).isEqualTo(128);
        assertThat(r.worstSpo2().spo2()).isEqualTo(86);
        assertThat(r.respiratoryDepression().outcome()).isEqualTo(MonitoringRecord.Outcome.OCCURRED);

        PdfReader pdf = new PdfReader(RecordPdf.render(r));
        StringBuilder text = new StringBuilder();
        for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
            text.append(new PdfTextExtractor(pdf).getTextFromPage(page));
        }
        assertThat(text.toString().replaceAll("\\s+", " ")).contains("Readings, by measurement time").contains("lowest SpO2 of 60 in the minute")
                .contains("128/80").contains("bp-cuff");
    }
}
