package care.ketamine.alerting.escalation;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionAddress;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * The last step of the CRITICAL policy is the emergency step: its page, and the alert for those who may see it,
 * show where to send help (the session's confirmed dosing address) and the local emergency number.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EmergencyStepTest {

    private static final DosingAddress OAKLAND =
            new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", "gate code 4512", "911");

    @AfterEach
    void realTimeAgain() {
        SettableClock.reset();
    }

    private static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static String payloadOfStep(String alertId, int step) {
        return QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager().createNativeQuery(
                        "SELECT payload::text FROM notification WHERE alert_id = ?1 AND step = ?2 LIMIT 1")
                .setParameter(1, UUID.fromString(alertId)).setParameter(2, step).getResultStream().findFirst().orElse(null));
    }

    private static String alertOf(String sessionId, String rule) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin().queryParam("sessionId", sessionId)
                .queryParam("rule", rule).get("/alerts").then().extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);
    }

    private static void reading(String sessionId, int systolic, int diastolic, int spo2, Instant at) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", systolic, diastolic, 80, spo2, at, at),
                Clock.systemUTC())));
    }

    @Test
    void shouldMakeTheLastCriticalStepOfTheDefaultPolicyTheEmergencyStepAndNoOther() {
        admin().get("/escalation-policies").then().statusCode(200)
                .body("find { it.severity == 'CRITICAL' }.steps.emergency", equalTo(List.of(false, false, true)))
                .body("find { it.severity == 'WARNING' }.steps.emergency", equalTo(List.of(false, false)));
    }

    @Test
    void shouldPageTheEmergencyStepWithTheConfirmedAddressAndShowItOnTheCriticalAlertToThoseWhoMaySeeIt() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        String doctor = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (Object[] cover : new Object[][]{{1, nurse}, {2, doctor}}) {
            admin().body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                    .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                    .post("/oncall/overrides").then().statusCode(201);
        }
        String sessionId = "emergency-" + UUID.randomUUID();
        Instant confirmedAt = now.minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        LifecycleProbe.changed(sessionId, "MONITORING", now.minusSeconds(60), "dr-1", new SessionAddress(OAKLAND, "dr-1",
                confirmedAt));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        reading(sessionId, 190, 100, 97, now);
        String alertId = alertOf(sessionId, "bp-crisis");

        SettableClock.advance(Duration.ofSeconds(121));
        await().atMost(Duration.ofSeconds(10)).until(() -> payloadOfStep(alertId, 1) != null);
        assertThat(payloadOfStep(alertId, 1)).as("not the emergency step").doesNotContain("dosingAddress");
        SettableClock.advance(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> payloadOfStep(alertId, 2) != null);
        io.restassured.path.json.JsonPath page = io.restassured.path.json.JsonPath.from(payloadOfStep(alertId, 2));
        assertThat(page.getString("dosingAddress")).isEqualTo("12 Oak St, Oakland, CA 94607, US");
        assertThat(page.getString("dosingAddressParts.accessNotes")).isEqualTo("gate code 4512");
        assertThat(page.getString("emergencyNumber")).isEqualTo("911");
        assertThat(page.getString("confirmedBy")).isEqualTo("dr-1");
        assertThat(page.getString("addressConfirmedAt")).isNotNull();
        assertThat(page.getString("sitter.name")).isEqualTo("Sam Rivera");

        for (RequestSpecification viewer : List.of(admin(), as("dr-1", Roles.CLINICIAN), as(nurse, Roles.ON_CALL))) {
            viewer.get("/alerts/{id}", alertId).then().statusCode(200)
                    .body("emergency.dosingAddress", equalTo("12 Oak St, Oakland, CA 94607, US"))
                    .body("emergency.dosingAddressParts.postalCode", equalTo("94607"))
                    .body("emergency.emergencyNumber", equalTo("911"))
                    .body("emergency.confirmedBy", equalTo("dr-1"))
                    .body("emergency.addressConfirmedAt", equalTo(confirmedAt.toString()));
        }
        as("dr-other", Roles.CLINICIAN).get("/alerts/{id}", alertId).then().statusCode(403)
                .contentType("application/problem+json");
        as("on-call-elsewhere", Roles.ON_CALL).get("/alerts/{id}", alertId).then().statusCode(403);
        given().get("/alerts/{id}", alertId).then().statusCode(401);
        admin().queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200)
                .body("emergency", hasItem(nullValue()));
    }

    @Test
    void shouldSayNotOnFileForASessionWithoutAnAddressAndLeaveItOutOfLists() {
        String sessionId = "no-address-" + UUID.randomUUID();
        Instant now = Instant.now();
        LifecycleProbe.changed(sessionId, "MONITORING", now.minusSeconds(60), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        reading(sessionId, 190, 100, 97, now);
        String critical = alertOf(sessionId, "bp-crisis");
        admin().get("/alerts/{id}", critical).then().statusCode(200)
                .body("emergency.dosingAddress", equalTo("not on file")).body("emergency.emergencyNumber", nullValue());
        admin().queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200)
                .body("emergency", hasItem(nullValue()));
    }

    @Test
    void shouldRefuseAnEmergencyStepAnywhereButLastInTheCriticalPolicyAndChangeNothing() {
        String notLast = """
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN", "emergency": true},
                 {"number": 1, "afterSeconds": 120, "target": "ON_CALL_TIER_1"}]""";
        admin().body(notLast).put("/escalation-policies/critical").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("steps[0].emergency"));
        String onWarning = """
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                 {"number": 1, "afterSeconds": 300, "target": "ON_CALL_TIER_1", "emergency": true}]""";
        admin().body(onWarning).put("/escalation-policies/warning").then().statusCode(400)
                .body("violations.field", hasItem("steps[1].emergency"));
        as("dr-1", Roles.CLINICIAN).body(notLast).put("/escalation-policies/critical").then().statusCode(403);
        admin().get("/escalation-policies").then().statusCode(200)
                .body("find { it.severity == 'CRITICAL' }.steps.emergency", equalTo(List.of(false, false, true)))
                .body("find { it.severity == 'WARNING' }.steps.size()", equalTo(2));
    }
}
