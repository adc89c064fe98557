package care.ketamine.vitals.presence;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.SitterPresenceChanged;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.asSitter;
import static care.ketamine.vitals.SessionFixture.awaitState;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The sitter stepping out and back: from the sitter's phone only, on the topic once each, in the session's order. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SitterPresenceTest {

    static String change(String presenceId, Boolean present, Instant at) {
        return """
                {"presenceId": "%s", "present": %s, "at": "%s"}""".formatted(presenceId, present, at);
    }

    private static List<SitterPresenceChanged> onTopic(String session, String sentinelEventId) {
        TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> r.value().contains(sentinelEventId), Duration.ofSeconds(10));
        return TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                        && SitterPresenceChanged.TYPE.name().equals(EventJson.typeOf(r.value())), Duration.ofSeconds(10)).stream()
                .map(r -> EventJson.read(r.value(), SitterPresenceChanged.TYPE).payload()).toList();
    }

    @Test
    void shouldPutEachChangeOnTheTopicOnceAndRefuseAnIdUsedAgainForAnother() {
        String session = checkedIn();
        Instant out = Instant.now().minusSeconds(30);
        String eventId = asSitter(session).body(change("p-1", false, out)).post("/sessions/{id}/sitter-presence", session)
                .then().statusCode(202).body("present", equalTo(false)).extract().path("eventId");
        asSitter(session).body(change("p-1", false, out)).post("/sessions/{id}/sitter-presence", session)
                .then().statusCode(200).body("eventId", equalTo(eventId));
        asSitter(session).body(change("p-1", true, out)).post("/sessions/{id}/sitter-presence", session)
                .then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("new presence change"));
        String back = asSitter(session).body(change("p-2", true, Instant.now())).post("/sessions/{id}/sitter-presence", session)
                .then().statusCode(202).body("present", equalTo(true)).extract().path("eventId");

        List<SitterPresenceChanged> sent = onTopic(session, back);
        assertThat(sent).extracting(SitterPresenceChanged::presenceId).containsExactly("p-1", "p-2");
        assertThat(sent.get(0).present()).isFalse();
        assertThat(sent.get(0).at()).isEqualTo(out);
        assertThat(sent.get(0).sessionId()).isEqualTo(session);
        assertThat(sent.get(1).present()).isTrue();
    }

    @Test
    void shouldTakeChangesFromThisSessionsSitterOnly() {
        String session = checkedIn();
        String body = change("x-1", false, Instant.now());
        given().contentType(ContentType.JSON).body(body).post("/sessions/{id}/sitter-presence", session).then().statusCode(401);
        asDevice(session).body(body).post("/sessions/{id}/sitter-presence", session).then().statusCode(403);
        given().auth().oauth2(DevTokens.forRole(Roles.CLINICIAN)).contentType(ContentType.JSON).body(body)
                .post("/sessions/{id}/sitter-presence", session).then().statusCode(403);
        asSitter(checkedIn()).body(body).post("/sessions/{id}/sitter-presence", session).then().statusCode(403)
                .body("detail", containsString("another session"));
        String scheduled = UUID.randomUUID().toString();
        LifecycleProbe.state(scheduled, "SCHEDULED", Instant.now());
        awaitState(scheduled, "SCHEDULED");
        asSitter(scheduled).body(body).post("/sessions/{id}/sitter-presence", scheduled).then().statusCode(409);

        List<Object[]> bad = List.of(
                new Object[]{"{\"presenceId\": \"b-1\", \"at\": \"" + Instant.now() + "\"}", "present"},
                new Object[]{"{\"presenceId\": \"b-2\", \"present\": \"no\", \"at\": \"" + Instant.now() + "\"}", null},
                new Object[]{"{\"present\": false, \"at\": \"" + Instant.now() + "\"}", "presenceId"},
                new Object[]{"{\"presenceId\": \"b-3\", \"present\": false}", "at"},
                new Object[]{change("b-4", false, Instant.now().plus(Duration.ofMinutes(3))), "at"},
                new Object[]{change("b-5", false, Instant.now().minus(Duration.ofHours(1))), "at"},
                new Object[]{change("p".repeat(101), false, Instant.now()), "presenceId"},
                new Object[]{"{\"presenceId\": \"b-6\", ", null});
        for (Object[] c : bad) {
            var then = asSitter(session).body((String) c[0]).post("/sessions/{id}/sitter-presence", session).then()
                    .statusCode(400).contentType(startsWith("application/problem+json"));
            if (c[1] != null) {
                then.body("violations[0].field", equalTo(c[1]));
            }
        }
        String sentinel = asSitter(session).body(change("sentinel", true, Instant.now()))
                .post("/sessions/{id}/sitter-presence", session).then().statusCode(202).extract().path("eventId");
        assertThat(onTopic(session, sentinel)).extracting(SitterPresenceChanged::presenceId).containsExactly("sentinel");
    }
}
