package care.ketamine.intake.screening;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.EligibilityDecided;
import care.ketamine.contracts.intake.ScreeningCompleted;
import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.audit.AuditEntry;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ScreeningResourceTest {

    private static long screenings() {
        return QuarkusTransaction.requiringNew().call(() -> ScreeningRecord.count());
    }

    @Test
    void shouldScoreTheAnswersDecideEligibilityAndPublishBothEvents() {
        String patientId = register();

        String screeningId = asIntake().body(screeningJson()).when().post("/patients/{id}/screenings", patientId)
                .then().statusCode(201)
                .body("phq9.total", equalTo(13)).body("phq9.band", equalTo("MODERATE"))
                .body("gad7.total", equalTo(7)).body("gad7.band", equalTo("MILD"))
                .body("selfHarmFollowUp", equalTo(false))
                .body("eligibility.outcome", equalTo("ELIGIBLE"))
                .body("eligibility.reasons", hasSize(0))
                .extract().path("id");

        var events = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(screeningId), Duration.ofSeconds(10));
        assertThat(events).hasSize(2);
        ScreeningCompleted completed = EventJson.read(events.get(0).value(), ScreeningCompleted.TYPE).payload();
        assertThat(completed.screeningId()).isEqualTo(screeningId);
        EligibilityDecided decided = EventJson.read(events.get(1).value(), EligibilityDecided.TYPE).payload();
        assertThat(decided.screeningId()).isEqualTo(screeningId);
        // Answers, scores, self-harm flags, reasons and baseline vitals stay in intake: no consumer reads them.
        for (var event : events) {
            assertThat(event.value()).contains("\"schemaVersion\":2").doesNotContain("phq9").doesNotContain("gad7")
                    .doesNotContain("selfHarm").doesNotContain("urgentReview").doesNotContain("reason")
                    .doesNotContain("ELIGIBLE").doesNotContain("baseline");
        }
    }

    @Test
    void shouldSendOpioidsAndNonBenzodiazepineHypnoticsToReview() {
        String patientId = register();
        asIntake().body(screeningJson().replace("\"medications\": []", "\"medications\": [\"OPIOID\", \"NON_BENZODIAZEPINE_HYPNOTIC\"]"))
                .when().post("/patients/{id}/screenings", patientId)
                .then().statusCode(201)
                .body("eligibility.outcome", equalTo("NEEDS_REVIEW"))
                .body("eligibility.reasons.code", hasItems("MEDICATION_OPIOID", "MEDICATION_NON_BENZODIAZEPINE_HYPNOTIC"));
    }

    @Test
    void shouldListEveryReasonAndCrisisResourcesForAPatientAtRisk() {
        String patientId = register();
        String atRisk = screeningJson()
                .replace("\"recentSuicideAttemptOrIntent\": false", "\"recentSuicideAttemptOrIntent\": true")
                .replace("[2, 2, 1, 2, 1, 2, 1, 2, 0]", "[2, 2, 1, 2, 1, 2, 1, 2, 2]")
                .replace("\"systolic\": 128", "\"systolic\": 150")
                .replace("\"contraindications\": []", "\"contraindications\": [\"PSYCHOSIS_OR_MANIA\"]");

        asIntake().body(atRisk).when().post("/patients/{id}/screenings", patientId)
                .then().statusCode(201)
                .body("selfHarmFollowUp", equalTo(true))
                .body("eligibility.outcome", equalTo("INELIGIBLE"))
                .body("eligibility.reasons.code", hasItems("RECENT_ATTEMPT_OR_INTENT", "PHQ9_ITEM9_POSITIVE",
                        "BP_ELEVATED", "CONTRAINDICATION_PSYCHOSIS_OR_MANIA"))
                .body("eligibility.crisisResources[0]", equalTo("988 Suicide & Crisis Lifeline: call or text 988 (US)"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "[2, 2, 1, 2, 1, 2, 1, 2, 0]           | [2, 2, 1, 2, 1, 2, 1, 2, 4]       | phq9 | phq9 item 9 must be 0, 1, 2 or 3",
            "[2, 2, 1, 2, 1, 2, 1, 2, 0]           | [2, 2, 1, 2, 1, 2, 1, 2]          | phq9 | phq9 must have exactly 9 answers, not 8",
            "[1, 2, 1, 1, 0, 1, 1]                 | [1, 2, 1, 1, 0, 1, -1]            | gad7 | gad7 item 7 must be 0, 1, 2 or 3",
            "[1, 2, 1, 1, 0, 1, 1]                 | null                              | gad7 | gad7 is required",
            "\"failedAntidepressantTrials\": 2     | \"failedAntidepressantTrials\": -1 | failedAntidepressantTrials | must be between 0 and 30",
            "\"medications\": []                   | \"medications\": null             | medications | is required",
            "\"systolic\": 128                     | \"systolic\": 80                  | baselineBloodPressure.systolic | must exceed diastolic",
            "\"diastolic\": 82                     | \"diastolic\": 20                 | baselineBloodPressure.diastolic | must be above 30 and below 140 mm[Hg]",
            "\"baselineHeartRate\": 72             | \"baselineHeartRate\": 400        | baselineHeartRate | must be between 20 and 250 /min",
            "\"acuteSuicidalIdeation\": false,     | \"acuteSuicidalIdeation\": null,  | acuteSuicidalIdeation | is required",
            // Shape (Bean Validation on ScreeningRequest): missing or out of range
            "\"failedAntidepressantTrials\": 2     | \"failedAntidepressantTrials\": 31 | failedAntidepressantTrials | must be between 0 and 30",
            "\"failedAntidepressantTrials\": 2     | \"failedAntidepressantTrials\": null | failedAntidepressantTrials | is required",
            "\"majorDepressiveDisorder\": true     | \"majorDepressiveDisorder\": null | majorDepressiveDisorder | is required",
            "\"contraindications\": []             | \"contraindications\": [null]   | contraindications | may not list null",
            "\"systolic\": 128                     | \"systolic\": 250               | baselineBloodPressure.systolic | must be above 50 and below 250 mm[Hg]",
            "\"diastolic\": 82                     | \"diastolic\": null             | baselineBloodPressure | needs systolic and diastolic",
            "\"baselineBloodPressure\": {\"systolic\": 128, \"diastolic\": 82} | \"baselineBloodPressure\": null | baselineBloodPressure | needs systolic and diastolic",
            "\"baselineHeartRate\": 72             | \"baselineHeartRate\": 19       | baselineHeartRate | must be between 20 and 250 /min",
            "\"baselineHeartRate\": 72             | \"baselineHeartRate\": null     | baselineHeartRate | is required",
            "\"phq9\": [                           | \"phq9Total\": 13, \"phq9\": [    | phq9Total | is not a field of this request",
            "\"gad7\": [                           | \"gad7Total\": 7, \"gad7\": [      | gad7Total | is not a field of this request",
            "\"contraindications\": []             | \"contraindications\": [\"GOUT\"] | contraindications[0] | "
                    + "must be one of SUBSTANCE_USE_DISORDER, UNCONTROLLED_HYPERTENSION, ANEURYSMAL_VASCULAR_DISEASE, "
                    + "ARTERIOVENOUS_MALFORMATION, INTRACEREBRAL_HAEMORRHAGE_HISTORY, RAISED_INTRACRANIAL_PRESSURE_RISK, "
                    + "BLADDER_OR_CYSTITIS, PSYCHOSIS_OR_MANIA, PREGNANT_OR_NURSING",
    })
    void shouldRefuseABadScreeningNamingTheProblemAndRecordNothing(String good, String bad, String field, String rule) {
        String patientId = register();
        String body = screeningJson().replace(good.strip(), bad.strip());
        assertThat(body).isNotEqualTo(screeningJson());
        long before = screenings();

        asIntake().body(body).when().post("/patients/{id}/screenings", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field))
                .body("violations.rule", hasItem(rule));
        assertThat(screenings()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUnknownPatientAndCallersWhoAreNotIntake() {
        long before = screenings();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        String patientId = register();
        as(Roles.CLINICIAN).body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(403);
        as(Roles.PATIENT_DEVICE).get("/patients/{id}/screenings", patientId).then().statusCode(401); // a device token is for vitals only
        assertThat(screenings()).isEqualTo(before);
    }

    @Test
    void shouldGiveTheHistoryNewestFirstAndAuditTheRead() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        asIntake().body(screeningJson().replace("\"systolic\": 128", "\"systolic\": 145"))
                .post("/patients/{id}/screenings", patientId).then().statusCode(201);

        as(Roles.ADMIN).get("/patients/{id}/screenings", patientId)
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].eligibility.outcome", equalTo("NEEDS_REVIEW"))
                .body("[0].eligibility.reasons[0].code", equalTo("BP_ELEVATED"))
                .body("[1].eligibility.outcome", equalTo("ELIGIBLE"));

        long reads = QuarkusTransaction.requiringNew().call(() ->
                AuditEntry.count("patientId = ?1 and action = 'screening.list' and actorRole = 'admin'",
                        UUID.fromString(patientId)));
        assertThat(reads).isEqualTo(1);
    }
}
