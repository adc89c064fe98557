package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Intake's events carry only what their consumers read; records already on the topic still read. */
class IntakeEventsTest {

    @Test
    void shouldStillReadAVersion1PlanApprovalAndDischargeAlreadyOnTheTopic() {
        String approvedV1 = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a1", "type": "treatment-plan.approved", "schemaVersion": 1,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80, "baselineHeartRate": 70,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z"}}""";
        TreatmentPlanApproved approved = EventJson.read(approvedV1, TreatmentPlanApproved.TYPE).payload();
        assertThat(approved.baselineSystolic()).isEqualTo(124);
        assertThat(approved.sitter().name()).isEqualTo("Sam Rivera");
        assertThat(approved.medicationsOfConcern()).as("not recorded, which is not 'none'").isNull();
        assertThat(approved.patientQuietWindow()).as("the monitoring service's default applies").isNull();

        String dischargedV1 = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a2", "type": "patient.discharged", "schemaVersion": 1,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "reason": "done", "dischargedBy": "dr-1",
                   "dischargedAt": "2026-11-26T15:00:00Z"}}""";
        assertThat(EventJson.read(dischargedV1, PatientDischarged.TYPE).payload().dischargedAt())
                .isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
    }

    @Test
    void shouldReadAPlanApprovalWithoutMedicationsOfConcernAsNotRecordedAndCarryThemWhenPresent() {
        String withoutField = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a3", "type": "treatment-plan.approved", "schemaVersion": 2,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z"}}""";
        TreatmentPlanApproved old = EventJson.read(withoutField, TreatmentPlanApproved.TYPE).payload();
        assertThat(old.medicationsOfConcern()).isNull();
        assertThat(old.approvedAt()).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));

        for (List<String> classes : List.of(List.of("opioid", "stimulant"), List.<String>of())) {
            TreatmentPlanApproved plan = new TreatmentPlanApproved(old.patientId(), old.planId(), null, old.usState(),
                    old.timezone(), old.dosingSessions(), old.minDaysBetweenDoses(), old.doseMg(), old.thresholds(),
                    old.baselineSystolic(), old.baselineDiastolic(), old.sitter(), old.emergencyContact(), old.approvedBy(),
                    old.approvedAt(), classes, null);
            String json = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, "p-1", plan, Clock.systemUTC()));
            assertThat(EventJson.read(json, TreatmentPlanApproved.TYPE).payload().medicationsOfConcern())
                    .as("an empty list stays empty: 'none recorded', not 'not recorded'").isEqualTo(classes);
        }
    }

    @Test
    void shouldReadAPlanApprovalWithoutAQuietWindowAsTheDefaultAndCarryThePlansWindowWhenPresent() {
        String withoutField = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a4", "type": "treatment-plan.approved", "schemaVersion": 2,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z", "medicationsOfConcern": []}}""";
        TreatmentPlanApproved old = EventJson.read(withoutField, TreatmentPlanApproved.TYPE).payload();
        assertThat(old.patientQuietWindow()).as("absent: the monitoring service's default applies").isNull();
        assertThat(old.medicationsOfConcern()).isEmpty();

        TreatmentPlanApproved plan = new TreatmentPlanApproved(old.patientId(), old.planId(), null, old.usState(),
                old.timezone(), old.dosingSessions(), old.minDaysBetweenDoses(), old.doseMg(), old.thresholds(),
                old.baselineSystolic(), old.baselineDiastolic(), old.sitter(), old.emergencyContact(), old.approvedBy(),
                old.approvedAt(), old.medicationsOfConcern(), new PatientQuietWindow(30, 45));
        String json = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, "p-1", plan, Clock.systemUTC()));
        assertThat(json).contains("\"patientQuietWindow\":{\"fromMinutes\":30,\"untilMinutes\":45}")
                .contains("\"schemaVersion\":2");
        assertThat(EventJson.read(json, TreatmentPlanApproved.TYPE).payload().patientQuietWindow())
                .isEqualTo(new PatientQuietWindow(30, 45));
    }

    @Test
    void shouldReadAPlanApprovalWithoutADosingAddressAsNoneAndCarryItWhenPresent() {
        String withoutField = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a5", "type": "treatment-plan.approved", "schemaVersion": 2,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z", "medicationsOfConcern": [],
                   "patientQuietWindow": {"fromMinutes": 20, "untilMinutes": 60}}}""";
        TreatmentPlanApproved old = EventJson.read(withoutField, TreatmentPlanApproved.TYPE).payload();
        assertThat(old.dosingAddress()).as("absent: recorded at check-in").isNull();

        DosingAddress address = new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", "gate code 4512", "911");
        TreatmentPlanApproved plan = new TreatmentPlanApproved(old.patientId(), old.planId(), null, old.usState(),
                old.timezone(), old.dosingSessions(), old.minDaysBetweenDoses(), old.doseMg(), old.thresholds(),
                old.baselineSystolic(), old.baselineDiastolic(), old.sitter(), old.emergencyContact(), old.approvedBy(),
                old.approvedAt(), old.medicationsOfConcern(), old.patientQuietWindow(), address);
        String json = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, "p-1", plan, Clock.systemUTC()));
        assertThat(json).contains("\"emergencyNumber\":\"911\"").doesNotContain("oneLine").contains("\"schemaVersion\":2");
        assertThat(EventJson.read(json, TreatmentPlanApproved.TYPE).payload().dosingAddress()).isEqualTo(address);
    }

    @Test
    void shouldReadAPlanApprovalWithoutThePatientAsUnnamedAndCarryTheNameAndBirthDateWhenPresent() {
        String withoutField = """
                {"eventId": "6f1c3c1e-58d4-4d43-9d0e-7cf1bbd1c1a6", "type": "treatment-plan.approved", "schemaVersion": 2,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z", "medicationsOfConcern": [],
                   "patientQuietWindow": {"fromMinutes": 20, "untilMinutes": 60}, "textSitterOnCriticalAlerts": true}}""";
        TreatmentPlanApproved old = EventJson.read(withoutField, TreatmentPlanApproved.TYPE).payload();
        assertThat(old.patient()).as("absent: the console shows the patient's short id").isNull();

        TreatmentPlanApproved.Patient patient = new TreatmentPlanApproved.Patient("Alex", "Rivera", java.time.LocalDate.of(1986, 4, 12));
        TreatmentPlanApproved plan = new TreatmentPlanApproved(old.patientId(), old.planId(), null, old.usState(),
                old.timezone(), old.dosingSessions(), old.minDaysBetweenDoses(), old.doseMg(), old.thresholds(),
                old.baselineSystolic(), old.baselineDiastolic(), old.sitter(), old.emergencyContact(), old.approvedBy(),
                old.approvedAt(), old.medicationsOfConcern(), old.patientQuietWindow(), null, true, patient);
        String json = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, "p-1", plan, Clock.systemUTC()));
        assertThat(json).contains("\"dateOfBirth\":\"1986-04-12\"").contains("\"schemaVersion\":2");
        assertThat(EventJson.read(json, TreatmentPlanApproved.TYPE).payload().patient()).isEqualTo(patient);
    }

    @Test
    void shouldReadAPlanApprovalWithoutTheSittersTextsAsOnAndCarryThemWhenTurnedOff() {
        String withoutField = """
                {"eventId": "0d3b8f0e-2f4c-4b8e-9f0a-51c9a7e2b6d1", "type": "treatment-plan.approved", "schemaVersion": 2,
                 "occurredAt": "2026-11-26T15:00:00Z", "aggregateId": "p-1",
                 "payload": {"patientId": "p-1", "planId": "plan-1", "supersedesPlanId": null, "usState": "CA",
                   "timezone": "America/Los_Angeles", "dosingSessions": 6, "minDaysBetweenDoses": 3, "doseMg": 300,
                   "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                     "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                     "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
                   "baselineSystolic": 124, "baselineDiastolic": 80,
                   "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"},
                   "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                   "approvedBy": "dr-1", "approvedAt": "2026-11-26T15:00:00Z", "medicationsOfConcern": [],
                   "patientQuietWindow": {"fromMinutes": 20, "untilMinutes": 60},
                   "dosingAddress": null}}""";
        TreatmentPlanApproved old = EventJson.read(withoutField, TreatmentPlanApproved.TYPE).payload();
        assertThat(old.textSitterOnCriticalAlerts()).isNull();
        assertThat(old.sitterTexted()).as("absent: on, the safe choice").isTrue();

        TreatmentPlanApproved off = new TreatmentPlanApproved(old.patientId(), old.planId(), null, old.usState(),
                old.timezone(), old.dosingSessions(), old.minDaysBetweenDoses(), old.doseMg(), old.thresholds(),
                old.baselineSystolic(), old.baselineDiastolic(), old.sitter(), old.emergencyContact(), old.approvedBy(),
                old.approvedAt(), old.medicationsOfConcern(), old.patientQuietWindow(), null, false);
        String json = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, "p-1", off, Clock.systemUTC()));
        assertThat(json).contains("\"textSitterOnCriticalAlerts\":false").doesNotContain("sitterTexted")
                .contains("\"schemaVersion\":2");
        TreatmentPlanApproved read = EventJson.read(json, TreatmentPlanApproved.TYPE).payload();
        assertThat(read).isEqualTo(off);
        assertThat(read.sitterTexted()).isFalse();
    }

    @Test
    void shouldBumpTheSchemaVersionOfEveryEventThatLostFields() {
        assertThat(PatientRegistered.TYPE.schemaVersion()).isEqualTo(2);
        assertThat(ScreeningCompleted.TYPE.schemaVersion()).isEqualTo(2);
        assertThat(EligibilityDecided.TYPE.schemaVersion()).isEqualTo(2);
        assertThat(TreatmentPlanApproved.TYPE.schemaVersion()).isEqualTo(2);
        assertThat(PatientDischarged.TYPE.schemaVersion()).isEqualTo(2);
    }

    @Test
    void shouldCarryAnUrgentReviewsDeadlineAndUrgencyButNotWhyItOpened() {
        Instant opened = Instant.parse("2026-11-27T20:00:00Z");
        String json = EventJson.write(care.ketamine.contracts.EventEnvelope.wrap(UrgentReviewOpened.TYPE, "p-1",
                new UrgentReviewOpened("t-1", "p-1", UrgentReviewOpened.ACUTE, opened, opened.plusSeconds(3600)),
                java.time.Clock.systemUTC()));

        UrgentReviewOpened read = EventJson.read(json, UrgentReviewOpened.TYPE).payload();
        assertThat(read.dueAt()).isEqualTo(Instant.parse("2026-11-27T21:00:00Z"));
        assertThat(read.urgency()).isEqualTo("ACUTE");
        assertThat(json).contains("\"type\":\"urgent-review.opened\"").doesNotContain("reason").doesNotContain("phq9");
        assertThat(UrgentReviewTaken.TYPE.name()).isEqualTo("urgent-review.taken");
        assertThat(UrgentReviewClosed.TYPE.name()).isEqualTo("urgent-review.closed");
    }
}
