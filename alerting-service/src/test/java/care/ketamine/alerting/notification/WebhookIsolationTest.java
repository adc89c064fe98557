package care.ketamine.alerting.notification;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A paging gateway that hangs or asks us to come back in 31 years holds up no one else's pages:
 * live screens get theirs at once, other webhooks go out, and the retry is at most an hour away.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(WebhookReceiver.class)
class WebhookIsolationTest {

    @Inject
    EntityManager entityManager;

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1)));
    }

    /** A checked-in session of this clinician with a BP crisis; its alert's id. */
    private static String crisisOf(String clinician) {
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", 195, 125, 80, 97, now.minusSeconds(1), now),
                Clock.systemUTC())));
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", sessionId)
                .queryParam("rule", "bp-crisis").get("/alerts").then().statusCode(200).extract().<List<String>>path("id"),
                ids -> ids.size() == 1).get(0);
    }

    private static Map<String, Object> notification(String alertId, String channel) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/alerts/{id}/notifications", alertId).then()
                .statusCode(200).extract().<List<Map<String, Object>>>path("findAll { it.channel == '%s' }".formatted(channel)),
                found -> !found.isEmpty()).get(0);
    }

    /** The live page went out within a second of being queued. */
    private static void pagedLiveAtOnce(String alertId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(notification(alertId, "sse").get("status")));
        Map<String, Object> live = notification(alertId, "sse");
        Duration waited = Duration.between(Instant.parse((String) live.get("createdAt")), Instant.parse((String) live.get("sentAt")));
        assertThat(waited).as("live page of alert %s", alertId).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldPageLiveScreensAtOnceWhileAWebhookReceiverHangsOrSaysComeBackIn31Years() {
        String hanging1 = crisisOf("hang-dr-" + UUID.randomUUID());
        String hanging2 = crisisOf("hang-dr-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiver.HANGING.stream()
                .filter(b -> b.contains(hanging1) || b.contains(hanging2)).count() >= 2);
        // Both receivers' calls are being held now; everyone else's pages go on.
        String busy = crisisOf("busy-dr-" + UUID.randomUUID());
        String unavailable = crisisOf("unavailable-dr-" + UUID.randomUUID());
        String other = crisisOf("dr-" + UUID.randomUUID());
        for (String alertId : List.of(hanging1, hanging2, busy, unavailable, other)) {
            pagedLiveAtOnce(alertId);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "SENT".equals(notification(other, "webhook").get("status")));

        for (String alertId : List.of(busy, unavailable)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) notification(alertId, "webhook").get("attempts")).intValue() == 1
                    && ((String) notification(alertId, "webhook").get("lastError")) != null);
            Instant next = QuarkusTransaction.requiringNew().call(() -> care.ketamine.platform.sql.SqlValues.instant(entityManager
                    .createNativeQuery("SELECT next_attempt_at FROM notification WHERE alert_id = ?1 AND channel = 'webhook'")
                    .setParameter(1, UUID.fromString(alertId)).getSingleResult()));
            // Retry-After honoured, but never further away than our own longest backoff (a minute).
            assertThat(next).as("next attempt of %s", alertId).isBefore(Instant.now().plus(NotificationDispatcher.MAX_RETRY_AFTER).plusSeconds(1))
                    .isAfter(Instant.now().plusSeconds(30));
            assertThat(notification(alertId, "webhook").get("status")).isEqualTo("PENDING");
        }
    }

    @Test
    void shouldRefuseAWebhookUrlThatIsNotHttpsUnlessOnLoopback() {
        Optional<String> secret = Optional.of(WebhookReceiver.SECRET);
        for (String url : List.of("http://pager.example/hooks", "ftp://pager.example/hooks", "http://10.0.0.5/hooks",
                "http://127.0.0.1.pager.example/hooks", "https:///hooks")) {
            assertThatThrownBy(() -> new WebhookChannel(Optional.of(URI.create(url)), secret, Duration.ofSeconds(1), Clock.systemUTC()))
                    .as(url).isInstanceOf(IllegalStateException.class).hasMessageContaining("must be an https URL");
        }
        for (String url : List.of("https://pager.example/hooks", "http://127.0.0.1:9000/hooks", "http://localhost/hooks",
                "http://[::1]:9000/hooks")) {
            assertThat(new WebhookChannel(Optional.of(URI.create(url)), secret, Duration.ofSeconds(1), Clock.systemUTC()).enabled())
                    .as(url).isTrue();
        }
        assertThat(NotificationDispatcher.retryAfterSeconds("999999999")).contains(NotificationDispatcher.MAX_RETRY_AFTER);
        assertThat(NotificationDispatcher.retryAfterSeconds("99999999999999999999999")).isEmpty();
        assertThat(NotificationDispatcher.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT")).isEmpty();
    }
}
