package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The console sends an alert command only for an alert the caller may act on, with the caller's own token. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleAlertCommandTest {

    @Inject
    EntityManager entityManager;

    @SuppressWarnings("unchecked")
    private List<String> commandsFor(UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT payload FROM outbox_event WHERE event_type = 'alert.command' AND record_key = ?1")
                .setParameter(1, alertId.toString()).getResultList());
    }

    @Test
    void shouldRefuseOnCallStaffNotNotifiedAndSendThePagedPersonsToken() {
        UUID alertId = UUID.randomUUID();
        String paged = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("INSERT INTO console_alert (alert_id, session_id, status, version, snapshot, updated_at) "
                            + "VALUES (?1, ?2, 'OPEN', 1, '{}', ?3)")
                    .setParameter(1, alertId).setParameter(2, UUID.randomUUID().toString()).setParameter(3, Instant.now()).executeUpdate();
            entityManager.createNativeQuery("INSERT INTO console_alert_recipient (alert_id, recipient) VALUES (?1, ?2)")
                    .setParameter(1, alertId).setParameter(2, paged).executeUpdate();
        });

        String other = DevTokens.forConsole("nurse-other", Roles.ON_CALL);
        for (String action : List.of("acknowledge", "resolve")) {
            given().cookie("console_token", other).header("X-Console-Request", "1").contentType("application/json").body("{\"comment\": \"not mine\"}")
                    .post("/console/api/alerts/{id}/{action}", alertId, action).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        assertThat(commandsFor(alertId)).isEmpty();

        String token = DevTokens.forConsole(paged, Roles.ON_CALL);
        given().cookie("console_token", token).header("X-Console-Request", "1").contentType("application/json").body("{}")
                .post("/console/api/alerts/{id}/acknowledge", alertId).then().statusCode(202);
        assertThat(commandsFor(alertId)).singleElement().satisfies(payload -> {
            assertThat(payload).doesNotContain(token).doesNotContain("actorRole");
            // A token signed for this person, this alert and this action, for minutes: not their sign-in token.
            String signed = payload.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            String claims = new String(java.util.Base64.getUrlDecoder().decode(signed.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(claims).contains("\"sub\":\"" + paged + "\"").contains("\"aud\":\"alert-commands\"")
                    .contains("\"alert_id\":\"" + alertId + "\"").contains("\"action\":\"ACKNOWLEDGE\"");
        });
    }
}
