package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pages through the clinic's PagerDuty service (or Opsgenie, Grafana OnCall: anything that takes Events API v2): a
 * trigger whose dedup key names the alert and its escalation round ({@link PagerDutyIncident}), so every page of one
 * round is one incident there, and our acknowledgement and resolution reach the same incident ({@link PagerDutyUpdates}).
 * It is one integration for the clinic, not a person's address: whom PagerDuty then calls is its own escalation's
 * business; the person our step meant is in the event's details. The words are those of every page that leaves the
 * clinic's screens ({@link PageText}): the severity, the rule in plain words, why it pages, and the link to the alert
 * in the console; no patient, session or reading.
 */
@ApplicationScoped
public class PagerDutyChannel implements NotificationChannel {

    public static final String NAME = "pagerduty";

    private final PagerDutyEvents events;
    private final StoredJson json;
    private final String source;
    private final URI console;
    private final Clock clock;

    public PagerDutyChannel(PagerDutyEvents events, StoredJson json,
                            @ConfigProperty(name = "alerting.pagerduty.source", defaultValue = "ketamine-monitoring") String source,
                            @ConfigProperty(name = "alerting.console-url") URI console, Clock clock) {
        this.events = events;
        this.json = json;
        this.source = source;
        this.console = console;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return events.enabled();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    /** Everyone is reached through the clinic's one PagerDuty service. */
    @Override
    public Optional<String> addressOf(StaffContact person) {
        return Optional.of(NAME);
    }

    @Override
    public Delivery deliver(Notification notification) {
        Map<String, Object> page;
        try {
            page = json.read(notification.payload, new TypeReference<Map<String, Object>>() {
            });
        } catch (IllegalStateException e) {
            return Delivery.refused("the page is not readable JSON");
        }
        Delivery delivery = events.send(trigger(notification, page));
        // One incident for all pages of a round, so the provider's reference is the dedup key and this page.
        return delivery.outcome() == Outcome.SENT
                ? Delivery.sent(delivery.providerRef() + "#" + notification.id) : delivery;
    }

    Map<String, Object> trigger(Notification notification, Map<String, Object> page) {
        PageText text = PageText.of(notification, page, console, false);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", text.rule());
        details.put("kind", notification.kind);
        details.put("reason", notification.reason);
        details.put("escalation_round", notification.round);
        details.put("escalation_step", notification.step);
        if (text.measuredMinutesAgo() != null) {
            details.put("measured_minutes_ago", text.measuredMinutesAgo());
        }
        details.put("recipient", notification.recipient);
        details.put("recipient_role", notification.recipientRole);
        details.put("notification_id", notification.id.toString());
        details.put("console", text.link().toString());

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary(text));
        payload.put("source", source);
        payload.put("severity", severity(text.severity()));
        payload.put("timestamp", page.get("openedAt") != null ? String.valueOf(page.get("openedAt")) : clock.instant().toString());
        payload.put("component", "alerting");
        payload.put("group", "clinical alerts");
        payload.put("class", text.rule());
        payload.put("custom_details", details);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_action", "trigger");
        event.put("dedup_key", new PagerDutyIncident(notification.alertId, notification.round).dedupKey());
        event.put("payload", payload);
        event.put("links", List.of(Map.of("href", text.link().toString(), "text", "The alert in the console")));
        return event;
    }

    /** PagerDuty's severities: critical, error, warning, info. */
    static String severity(String ours) {
        return switch (ours.toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> "critical";
            case "WARNING" -> "warning";
            default -> "info";
        };
    }

    /** The page's subject line, with why it was sent; PagerDuty takes at most 1024 characters. */
    private static String summary(PageText text) {
        String summary = text.subject() + (text.reason() == null ? "" : ": " + text.reason());
        return summary.length() > 1024 ? summary.substring(0, 1024) : summary;
    }
}
