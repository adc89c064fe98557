package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.SessionFixture;
import care.ketamine.vitals.domain.PromptSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static care.ketamine.vitals.SessionFixture.asClinician;
import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.asSitter;
import static care.ketamine.vitals.SessionFixture.awaitState;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CheckInTest {

    /** Dosed 31 minutes ago: the prompts at +15 and +30 are due, the six after are not. */
    private static String dosedSession() {
        String session = checkedIn();
        // 61 minutes ago: slots 1-4 are due; the patient's at 30 and 45 minutes fall in the quiet window.
        LifecycleProbe.dosed(session, Instant.now().minus(Duration.ofMinutes(61)));
        awaitState(session, "DOSED");
        return session;
    }

    @Test
    void shouldSkipThePatientsPromptsOnlyInThePlansOwnQuietWindowAndKeepTheSitters() {
        String session = checkedIn();
        // 61 minutes ago under a plan quiet from 30 (inclusive) to 45 (exclusive): slots 1-4 (15, 30, 45, 60 min) are
        // due; only the patient's at 30 falls in the plan's window, where the service's 20-60 would have taken 30 and 45.
        LifecycleProbe.dosed(session, Instant.now().minus(Duration.ofMinutes(61)), new PatientQuietWindow(30, 45));
        awaitState(session, "DOSED");

        await().atMost(Duration.ofSeconds(15)).until(() -> openPrompts(session, asDevice(session)).size() == 3);
        asDevice(session).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", everyItem(equalTo("patient"))).body("sequence", equalTo(List.of(1, 3, 4)));
        asSitter(session).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", everyItem(equalTo("sitter"))).body("sequence", equalTo(List.of(1, 2, 3, 4)));
        List<Integer> patientSlots = QuarkusTransaction.requiringNew().call(() -> CheckInPrompt.<CheckInPrompt>list(
                        "sessionId = ?1 and respondent = ?2 order by sequence", session, CheckInPrompted.PATIENT))
                .stream().map(p -> p.sequence).toList();
        assertThat(patientSlots).as("every 15 minutes for 2 hours but 30 minutes after the dose")
                .containsExactly(1, 3, 4, 5, 6, 7, 8);
    }

    static String patientCheckIn(String checkInId, String promptId, boolean ok) {
        return """
                {"checkInId": "%s", "promptId": %s, "unreality": 2, "bodyDisconnection": 1, "timeDistortion": 3,
                 "nausea": 4, "anxiety": 2, "feelsOk": %s, "answeredAt": "%s"}"""
                .formatted(checkInId, promptId == null ? "null" : "\"" + promptId + "\"", ok, Instant.now().minusSeconds(5));
    }

    static String sitterCheckIn(String checkInId, String promptId, int moaas, boolean present) {
        return """
                {"checkInId": "%s", "promptId": "%s", "moaas": %d, "sitterPresent": %s, "answeredAt": "%s"}"""
                .formatted(checkInId, promptId, moaas, present, Instant.now().minusSeconds(5));
    }

    private static List<String> openPrompts(String session, io.restassured.specification.RequestSpecification as) {
        return as.queryParam("open", true).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .extract().path("promptId");
    }

    @Test
    void shouldPlanPromptsOnTheCadenceFromTheDoseAndIssueTheDueOnesOnTheTopic() {
        assertThat(new PromptSchedule(Duration.ofMinutes(15), Duration.ofMinutes(120)).dueTimes(Instant.parse("2026-11-26T15:00:00Z")))
                .hasSize(8).first().isEqualTo(Instant.parse("2026-11-26T15:15:00Z"));
        String session = dosedSession();

        await().atMost(Duration.ofSeconds(15)).until(() -> openPrompts(session, asDevice(session)).size() == 2);
        asDevice(session).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", everyItem(equalTo("patient"))).body("sequence", equalTo(List.of(1, 4)));
        asSitter(session).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", everyItem(equalTo("sitter"))).body("sequence", equalTo(List.of(1, 2, 3, 4)));
        asClinician().get("/sessions/{id}/prompts", session).then().statusCode(200).body("$", hasSize(6));

        List<ConsumerRecord<String, String>> issued = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> session.equals(r.key()) && CheckInPrompted.TYPE.name().equals(EventJson.typeOf(r.value())), Duration.ofSeconds(15));
        assertThat(issued).as("issued once each, although the issuer runs every second").hasSize(6);
        assertThat(issued).allSatisfy(r -> assertThat(EventJson.read(r.value(), CheckInPrompted.TYPE).payload().dueAt())
                .isBefore(Instant.now()));
    }

    @Test
    void shouldTakeThePatientsAndTheSittersAnswersToTheirPromptsOnce() {
        String session = dosedSession();
        await().atMost(Duration.ofSeconds(15)).until(() -> openPrompts(session, asDevice(session)).size() == 2);
        String patientPrompt = openPrompts(session, asDevice(session)).get(0);
        String sitterPrompt = openPrompts(session, asSitter(session)).get(0);

        String answer = patientCheckIn("c-1", patientPrompt, true);
        String eventId = asDevice(session).body(answer)
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(202)
                .body("promptId", equalTo(patientPrompt)).extract().path("eventId");
        asDevice(session).body(answer).post("/sessions/{id}/check-ins/patient", session)
                .then().statusCode(200).body("eventId", equalTo(eventId));
        asDevice(session).body(answer.replace("\"nausea\": 4", "\"nausea\": 9")).post("/sessions/{id}/check-ins/patient", session)
                .then().statusCode(409);
        asDevice(session).body(patientCheckIn("c-2", patientPrompt, false))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already answered"));
        asSitter(session).body(sitterCheckIn("s-1", patientPrompt, 5, true))
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(400)
                .body("violations[0].rule", equalTo("is not a sitter prompt of this session"));
        asSitter(session).body(sitterCheckIn("s-1", sitterPrompt, 2, true))
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(202);
        // Unprompted: the patient says they are not OK between prompts.
        asDevice(session).body(patientCheckIn("c-3", null, false))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(202);

        assertThat(openPrompts(session, asDevice(session))).doesNotContain(patientPrompt).hasSize(1);
        PatientCheckedIn onTopic = EventJson.read(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> r.value().contains(eventId), Duration.ofSeconds(10)).get(0).value(), PatientCheckedIn.TYPE).payload();
        assertThat(onTopic.dissociationTotal()).isEqualTo(6);
        assertThat(onTopic.feelsOk()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> asClinician().get("/sessions/{id}/observations", session)
                .then().statusCode(200).body("checkIns.checkInId", equalTo(List.of("c-1", "s-1", "c-3"))));
    }

    @Test
    void shouldRefuseAnswersOutOfRangeNotDueOrFromTheWrongCaller() {
        String session = dosedSession();
        String notDue = QuarkusTransaction.requiringNew().call(() -> CheckInPrompt.<CheckInPrompt>find(
                "sessionId = ?1 and respondent = 'patient' and sequence = 5", session).firstResult().promptId);
        asDevice(session).body(patientCheckIn("c-1", notDue, true))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(400)
                .body("violations[0].rule", equalTo("is not due yet"));
        asDevice(session).body(patientCheckIn("c-1", null, true).replace("\"unreality\": 2", "\"unreality\": 5")
                        .replace("\"anxiety\": 2", "\"anxiety\": -1"))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(400)
                .body("violations.field", equalTo(List.of("unreality", "anxiety")));
        // A NUL in the prompt id: refused by its rule, before PostgreSQL sees it (it failed the whole screening with a 500).
        asDevice(session).body(patientCheckIn("c-1", "p-\\u0000", true))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("promptId")))
                .body("violations[0].rule", equalTo("must not contain control characters"));
        asSitter(session).body("{\"checkInId\": \"s-1\", \"answeredAt\": \"" + Instant.now() + "\"}")
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(400)
                .body("violations.field", equalTo(List.of("moaas", "sitterPresent")));
        asDevice(session).body(sitterCheckIn("s-1", notDue, 5, true))
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(403);
        asSitter(session).body(patientCheckIn("c-9", null, true))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(403);
        given().auth().oauth2(DevTokens.forSession(Roles.SITTER, checkedIn())).contentType("application/json")
                .body(sitterCheckIn("s-2", notDue, 5, true))
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(403)
                .body("detail", containsString("another session"));
        asDevice(checkedIn()).get("/sessions/{id}/prompts", session).then().statusCode(403);
    }

    @Test
    void shouldKeepPromptsReadingsAndCheckInsGoingWhenADosedSessionIsAbortedEarlyUntilItEndsForReal() {
        String session = dosedSession();
        await().atMost(Duration.ofSeconds(15)).until(() -> openPrompts(session, asDevice(session)).size() == 2);
        LifecycleProbe.state(session, "ENDED_EARLY", Instant.now());
        awaitState(session, "ENDED_EARLY");

        assertThat(QuarkusTransaction.requiringNew().call(() -> CheckInPrompt.count("sessionId = ?1 and cancelled", session)))
                .as("an aborted dosed session is still watched: no prompt is called off").isZero();
        asDevice(session).body(SessionFixture.reading("r-after-abort", 150, 95))
                .post("/sessions/{id}/readings", session).then().statusCode(202);
        String patientPrompt = openPrompts(session, asDevice(session)).get(0);
        asDevice(session).body(patientCheckIn("c-early", patientPrompt, false))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(202);
        String sitterPrompt = openPrompts(session, asSitter(session)).get(0);
        asSitter(session).body(sitterCheckIn("s-early", sitterPrompt, 4, true))
                .post("/sessions/{id}/check-ins/sitter", session).then().statusCode(202);

        LifecycleProbe.state(session, "HANDED_OVER", Instant.now());
        awaitState(session, "HANDED_OVER");
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                CheckInPrompt.count("sessionId = ?1 and issuedAt is null and not cancelled", session))).isZero();
        asDevice(session).body(SessionFixture.reading("r-after-handover", 150, 95))
                .post("/sessions/{id}/readings", session).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("HANDED_OVER"));
        asDevice(session).body(patientCheckIn("c-late", null, true))
                .post("/sessions/{id}/check-ins/patient", session).then().statusCode(409);
    }

    @Test
    void shouldCallOffPromptsNotIssuedWhenTheSessionEnds() {
        String session = dosedSession();
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                CheckInPrompt.count("sessionId = ?1 and issuedAt is not null", session)) == 6);
        LifecycleProbe.state(session, "ABORTED", Instant.now());
        awaitState(session, "ABORTED");
        long planned = QuarkusTransaction.requiringNew().call(() ->
                CheckInPrompt.count("sessionId = ?1 and issuedAt is null and not cancelled", session));
        assertThat(planned).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> CheckInPrompt.count("sessionId = ?1 and cancelled", session)))
                .as("16 slots less the patient's 2 in the quiet window, less the 6 issued").isEqualTo(8);
    }
}
