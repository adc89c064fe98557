package care.ketamine.intake.outcome;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
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
        asIntake().body(FOLLOW_UP.replace("}", ", \"measuredAt\": \"" + Instant.now().plusSeconds(3600) + "\"}"))
                .post("/patients/{id}/outcomes", id).then().statusCode(400).body("violations[0].field", equalTo("measuredAt"));
        asIntake().body(FOLLOW_UP.replace("}", ", \"measuredAt\": \"2020-01-01T00:00:00Z\"}"))
                .post("/patients/{id}/outcomes", id).then().statusCode(400)
                .body("violations[0].rule", org.hamcrest.Matchers.startsWith("must be after the baseline screening"));
        asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", register()).then().statusCode(409);
        asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", UUID.randomUUID()).then().statusCode(404);
        as(Roles.PATIENT_DEVICE).body(FOLLOW_UP).post("/patients/{id}/outcomes", id).then().statusCode(403);

        assertThat(measures()).isEqualTo(before);
    }

    @Test
    void shouldComputeProgramFiguresForTheWindowWithTheirN() {
        String id = screenedPatient();
        asIntake().body(FOLLOW_UP).post("/patients/{id}/outcomes", id).then().statusCode(201);

        as(Roles.CLINICIAN).get("/outcomes").then().statusCode(200)
                .body("patients", greaterThanOrEqualTo(1))
                .body("figures.name", hasItems("phq9MeanReductionAtWeek10", "gad7MeanReductionAtWeek10",
                        "improvedWithinFourWeeks", "phq9ResponseRate", "gad7ResponseRate", "phq9RemissionRate"))
                .body("figures.find { it.name == 'phq9ResponseRate' }.n", greaterThanOrEqualTo(1));

        as(Roles.ADMIN).queryParam("from", "2001-01-01").queryParam("to", "2001-12-31").get("/outcomes")
                .then().statusCode(200)
                .body("patients", equalTo(0)).body("figures.n", everyItem(equalTo(0)))
                .body("figures.percent", everyItem(nullValue()));
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
