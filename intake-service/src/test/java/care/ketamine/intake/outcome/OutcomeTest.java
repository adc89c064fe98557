package care.ketamine.intake.outcome;

import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.audit.AuditEntry;
import care.ketamine.intake.screening.ScreeningRecord;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutcomeTest {

    private static final String FOLLOW_UP = """
            {"phq9": [1, 1, 0, 1, 0, 1, 0, 0, 0], "gad7": [1, 0, 1, 0, 0, 1, 0]}""";

    private static String screenedPatient() {
        String id = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", id).then().statusCode(201);
        return id;
    }

    private static long measures() {
        return QuarkusTransaction.requiringNew().call(() -> OutcomeMeasure.count());
    }

    @Test
    void shouldRecordAFollowUpAndShowTheTrajectoryFromBaseline() {
        String id = screenedPatient();

        asIntake().body(FOLLOW_UP).when().post("/patients/{id}/outcomes", id)
                .then().statusCode(201)
                .body("phq9", equalTo(4)).body("phq9Band", equalTo("MINIMAL"))
                .body("phq9ChangePercent", equalTo(-69.2f))
                .body("phq9Response", equalTo(true)).body("phq9Remission", equalTo(true));

        as(Roles.ADMIN).get("/patients/{id}/outcomes", id).then().statusCode(200)
                .body("baseline.phq9", equalTo(13)).body("baseline.gad7", equalTo(7))
                .body("baseline.phq9ChangePercent", nullValue())
                .body("followUps.size()", equalTo(1))
                .body("followUps[0].gad7", equalTo(3)).body("followUps[0].gad7ChangePercent", equalTo(-57.1f));
    }

    @Test
    void shouldRefuseBadMeasuresAndRecordNothing() {
        String id = screenedPatient();
        long before = measures();

        asIntake().body(FOLLOW_UP.replace("{\"phq9\"", "{\"phq9Total\": 4, \"phq9\"")).post("/patients/{id}/outcomes", id)
                .then().statusCode(400).body("violations[0].field", equalTo("phq9Total"));
        asIntake().body(FOLLOW_UP.replace("[1, 1, 0, 1, 0, 1, 0, 0, 0]", "[1, 1, 0, 1, 0, 1, 0, 0, 9]"))
                .post("/patients/{id}/outcomes", id).then().statusCode(400).body("violations[0].field", equalTo("phq9"));
        asIntake().post("/patients/{id}/outcomes", id).then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("body")).body("violations[0].rule", equalTo("is required"));
        asIntake().body(FOLLOW_UP.replace("}", ", \"measuredAt\": \"" + Instant.now().plusSeconds(3600) + "\"}"))
                .post("/patients/{id}/outcomes", id).then().statusCode(400).body("violations[0].field", equalTo("measuredAt"));
        asIntake().body(FOLLOW_UP.replace("}", ", \"measuredAt\": \"2020-01-01T00:00:00Z\"}"))
                .post("/patients/{id}/outcomes", id).then().statusCode(400)
                .body("violations[0].rule", org.hamcrest.Matchers.startsWith("must be after the baseline screening"));
        asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", register()).then().statusCode(409);
        asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", UUID.randomUUID()).then().statusCode(404);
        as(Roles.PATIENT_DEVICE).body(FOLLOW_UP).post("/patients/{id}/outcomes", id).then().statusCode(401); // a device token is for vitals only

        assertThat(measures()).isEqualTo(before);
    }

    @Test
    void shouldShowAFigureWithItsNOnlyWhenAtLeastElevenPatientsCountAndAuditEveryRead() {
        LocalDate day = dayOfItsOwn();
        cohortWithBaselineOn(day, 11);
        String reader = "dr-figures-" + UUID.randomUUID().toString().substring(0, 6);

        asClinician(reader).queryParam("from", day.toString()).queryParam("to", day.toString()).get("/outcomes")
                .then().statusCode(200)
                .body("patients", equalTo(11)).body("patientsSuppressed", nullValue())
                .body("figures.name", hasItems("phq9MeanReductionAtWeek10", "gad7MeanReductionAtWeek10",
                        "improvedWithinFourWeeks", "phq9ResponseRate", "gad7ResponseRate", "phq9RemissionRate"))
                .body("figures.find { it.name == 'phq9ResponseRate' }.n", equalTo(11))
                .body("figures.find { it.name == 'phq9ResponseRate' }.percent", equalTo(100.0f))
                .body("figures.find { it.name == 'phq9ResponseRate' }.suppressed", nullValue())
                // nobody has a week-10 measure: n 0, suppressed like any n below 11
                .body("figures.find { it.name == 'phq9MeanReductionAtWeek10' }.n", nullValue())
                .body("figures.find { it.name == 'phq9MeanReductionAtWeek10' }.suppressed", containsString("fewer than 11"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>list("actor", reader)))
                .extracting(e -> e.action).containsExactly("outcome.program " + day + ".." + day);
    }

    @Test
    void shouldNeverShowAFigureOrCountBelowElevenPatients() {
        LocalDate day = dayOfItsOwn();
        cohortWithBaselineOn(day, 10);

        for (LocalDate from : List.of(day, day.minusDays(1))) {
            String body = as(Roles.ADMIN).queryParam("from", from.toString()).queryParam("to", day.toString()).get("/outcomes")
                    .then().statusCode(200)
                    .body("patients", nullValue()).body("patientsSuppressed", containsString("small-cell suppression"))
                    .body("figures.size()", equalTo(6))
                    .body("figures.n", everyItem(nullValue())).body("figures.percent", everyItem(nullValue()))
                    .body("figures.suppressed", everyItem(containsString("fewer than 11 patients")))
                    .extract().asString();
            assertThat(body).doesNotContain("\"n\":10").doesNotContain("\"patients\":10");
        }
        as(Roles.ADMIN).queryParam("from", "2001-01-01").queryParam("to", "2001-12-31").get("/outcomes")
                .then().statusCode(200).body("patients", nullValue()).body("figures.n", everyItem(nullValue()));
    }

    /** A day in the 1980s or 1990s that no other test's cohort uses. */
    private static LocalDate dayOfItsOwn() {
        return LocalDate.of(1980, 1, 1).plusDays(2 * Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 3650L) + 1);
    }

    /** Patients screened and followed up now, whose baseline screening is then moved to the given day. */
    private static void cohortWithBaselineOn(LocalDate day, int size) {
        for (int i = 0; i < size; i++) {
            String id = screenedPatient();
            asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", id).then().statusCode(201);
            QuarkusTransaction.requiringNew().run(() -> ScreeningRecord.update("screenedAt = ?1 where patientId = ?2",
                    day.atTime(12, 0).toInstant(ZoneOffset.UTC), UUID.fromString(id)));
        }
    }

    private static RequestSpecification asClinician(String subject) {
        return given().auth().oauth2(DevTokens.sign(subject, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    @Test
    void shouldRefuseABadWindowAndCallersWhoMayNotSeeProgramFigures() {
        as(Roles.CLINICIAN).queryParam("from", "last spring").get("/outcomes")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("from"));
        as(Roles.CLINICIAN).queryParam("from", "2026-02-01").queryParam("to", "2026-01-01").get("/outcomes")
                .then().statusCode(400).body("violations[0].field", equalTo("from"));
        as(Roles.INTAKE).get("/outcomes").then().statusCode(403);
        as(Roles.ON_CALL).get("/outcomes").then().statusCode(403);
    }
}
