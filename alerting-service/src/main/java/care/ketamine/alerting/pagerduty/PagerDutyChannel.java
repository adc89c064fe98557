package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notification.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.RuleWords;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pages through the clinic's PagerDuty service (or Opsgenie, Grafana OnCall: anything that takes Events API v2): a
 * trigger whose dedup key is the alert's id, so every page of one alert is one incident there, and our
 * acknowledgement and resolution reach the same incident ({@link PagerDutyUpdates}). It is one integration for the
 * clinic, not a person's address: whom PagerDuty then calls is its own escalation's business; the person our step
 * meant is in the event's details. The event carries no patient's name, reading or session: the rule in plain words,
 * why it pages, and a link to the console.
 */
@ApplicationScoped
public class PagerDutyChannel implements NotificationChannel {

    public static final String NAME = "pagerduty";

    private final PagerDutyEvents events;
    private final ObjectMapper mapper;
    private final String source;
    private final Optional<String> consoleUrl;
    private final Clock clock;

    public PagerDutyChannel(PagerDutyEvents events, ObjectMapper mapper,
                            @ConfigProperty(name = "alerting.pagerduty.source", defaultValue = "ketamine-monitoring") String source,
                            @ConfigProperty(name = "alerting.console.url") Optional<String> consoleUrl, Clock clock) {
        this.events = events;
        this.mapper = mapper;
        this.source = source;
        this.consoleUrl = consoleUrl.map(url -> url.replaceAll("/+$", ""));
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
        JsonNode page;
        try {
            page = mapper.readTree(notification.payload);
        } catch (JsonProcessingException e) {
            return Delivery.refused("the page is not readable JSON");
        }
        Delivery delivery = events.send(trigger(notification, page));
        // One incident for all pages of an alert, so the provider's reference is the dedup key and this page.
        return delivery.outcome() == Outcome.SENT
                ? Delivery.sent(delivery.providerRef() + "#" + notification.id) : delivery;
    }

    Map<String, Object> trigger(Notification notification, JsonNode page) {
        String rule = page.path("rule").asText(null);
        String severity = page.path("severity").asText("INFO");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", rule);
        details.put("kind", notification.kind);
        details.put("reason", notification.reason);
        details.put("escalation_step", notification.step);
        if (page.hasNonNull("measuredMinutesAgo")) {
            details.put("measured_minutes_ago", page.get("measuredMinutesAgo").asLong());
        }
        details.put("recipient", notification.recipient);
        details.put("recipient_role", notification.recipientRole);
        details.put("notification_id", notification.id.toString());
        consoleLink(notification).ifPresent(link -> details.put("console", link));

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary(severity, rule, notification));
        payload.put("source", source);
        payload.put("severity", severity(severity));
        payload.put("timestamp", page.hasNonNull("openedAt") ? page.get("openedAt").asText() : clock.instant().toString());
        payload.put("component", "alerting");
        payload.put("group", "clinical alerts");
        payload.put("class", rule);
        payload.put("custom_details", details);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_action", "trigger");
        event.put("dedup_key", notification.alertId.toString());
        event.put("payload", payload);
        consoleLink(notification).ifPresent(link ->
                event.put("links", List.of(Map.of("href", link, "text", "The alert in the console"))));
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

    private static String summary(String severity, String rule, Notification notification) {
        String text = severity.toUpperCase(Locale.ROOT) + ": " + RuleWords.of(rule) + " ("
                + notification.kind.toLowerCase(Locale.ROOT) + (notification.reason == null ? "" : ", " + notification.reason) + ")";
        // PagerDuty takes at most 1024 characters.
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    private Optional<String> consoleLink(Notification notification) {
        return consoleUrl.map(url -> url + "/console/on-call?alert=" + notification.alertId);
    }
}
