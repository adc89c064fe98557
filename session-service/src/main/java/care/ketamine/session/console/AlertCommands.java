package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Audiences;
import care.ketamine.platform.outbox.Outbox;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Sends what a person did at the console about an alert (acknowledge, resolve, a page shown), or about their browser's
 * Web Push subscription, to alerting-service on alerts.commands, through the outbox, with a token signed for that
 * person, that alert (or browser) and that action only: alerting verifies it and acts as whom it names.
 */
@ApplicationScoped
public class AlertCommands {

    private final Outbox outbox;
    private final Clock clock;

    public AlertCommands(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** @param notificationId the page shown, for RECEIVED; else null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void send(UUID alertId, String action, String comment, UUID notificationId, String person, String role) {
        outbox.append(Topics.ALERTS_COMMANDS, EventEnvelope.wrap(AlertCommand.TYPE, alertId.toString(),
                new AlertCommand(alertId, action, comment, token(alertId, action, person, role), notificationId), clock));
    }

    /**
     * The person lets this browser be paged by Web Push ({@link AlertCommand#PUSH_SUBSCRIBE}), or stops it
     * ({@link AlertCommand#PUSH_UNSUBSCRIBE}): keyed by the person, with a token bound to this browser's endpoint.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sendPush(String action, AlertCommand.PushSubscription browser, String person, String role) {
        String token = Jwt.audience(Audiences.ALERT_COMMANDS).subject(person).upn(person).groups(Set.of(role))
                .claim(AlertCommand.PUSH_ENDPOINT_CLAIM, AlertCommand.endpointDigest(browser.endpoint()))
                .claim(AlertCommand.ACTION_CLAIM, action).expiresIn(AlertCommand.TOKEN_LIFETIME).sign();
        outbox.append(Topics.ALERTS_COMMANDS, EventEnvelope.wrap(AlertCommand.TYPE, person,
                new AlertCommand(null, action, null, token, null, browser), clock));
    }

    /** Who acts, for this alert and this action only, for minutes (never the person's own sign-in token). */
    private static String token(UUID alertId, String action, String person, String role) {
        return Jwt.audience(Audiences.ALERT_COMMANDS).subject(person).upn(person).groups(Set.of(role))
                .claim(AlertCommand.ALERT_CLAIM, alertId.toString()).claim(AlertCommand.ACTION_CLAIM, action)
                .expiresIn(AlertCommand.TOKEN_LIFETIME).sign();
    }
}
