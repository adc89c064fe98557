package care.ketamine.alerting;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A session of a clinician with a blood-pressure crisis (CRITICAL), as alerting hears of one: for the paging tests. */
public final class CrisisProbe {

    /** The crisis alert and its session. */
    public record Crisis(String alertId, String sessionId) {
    }

    private CrisisProbe() {
    }

    /** A session in {@code state} of this clinician, known to alerting, then a 195/125 reading; the bp-crisis alert. */
    public static Crisis of(String clinician, String state) {
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, state, Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        return readingIn(sessionId);
    }

    /** A crisis reading in a session alerting already watches; its bp-crisis alert. */
    public static Crisis readingIn(String sessionId) {
        return readingIn(sessionId, Map.of());
    }

    /** {@link #readingIn(String)}, the record with these headers (vitals' traceparent, say). */
    public static Crisis readingIn(String sessionId, Map<String, String> headers) {
        Instant now = SettableClock.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", 195, 125, 80, 97, now.minusSeconds(1), now),
                Clock.systemUTC())), headers);
        String alertId = await().atMost(Duration.ofSeconds(15)).until(() -> given()
                        .auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1)))
                        .queryParam("sessionId", sessionId).queryParam("rule", "bp-crisis").get("/alerts").then().statusCode(200)
                        .extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);
        return new Crisis(alertId, sessionId);
    }
}
