package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.platform.json.StoredJson;
import com.fasterxml.jackson.core.type.TypeReference;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a page that leaves the clinic's own screens (email, SMS, a call). Such a page crosses providers and
 * phones the clinic does not control, so by default it says only what makes someone open the console: the severity,
 * the rule in plain words, why it was sent, how long ago it was measured, and the link to the alert. No patient,
 * session, sitter or contact names, and no measured values unless the clinic turns them on
 * ({@code withDetails}: the alert's summary, which names values but no person).
 */
public record PageText(String severity, String rule, String kind, String reason, Integer measuredMinutesAgo,
                       String summary, URI link) {

    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("bp-crisis", "blood pressure in the crisis range"),
            Map.entry("bp-high", "high blood pressure"),
            Map.entry("bp-low", "low blood pressure"),
            Map.entry("bp-rise", "blood pressure rising sharply"),
            Map.entry("spo2-low", "low oxygen saturation"),
            Map.entry("spo2-drop", "oxygen saturation dropping"),
            Map.entry("resp-rate-low", "slow breathing"),
            Map.entry("heart-rate", "heart rate out of range"),
            Map.entry("check-in-missed", "a check-in was missed"),
            Map.entry("device-silent", "a monitoring device went silent"),
            Map.entry("patient-not-ok", "the patient reported not feeling OK"),
            Map.entry("patient-symptoms", "the patient reported symptoms"),
            Map.entry("sitter-concern", "the sitter raised a concern"),
            Map.entry("help-requested", "the patient or the sitter asks for help now"),
            Map.entry("sitter-away", "the sitter stepped out and has not come back"),
            Map.entry("pre-dose-gate", "a pre-dose check failed"),
            Map.entry("urgent-review-overdue", "an urgent review is overdue"),
            Map.entry("page-not-delivered", "a page reached nobody"),
            Map.entry("vitals-silent", "readings stopped arriving for every session"));

    /**
     * The page's words from a notification's stored payload (as {@link Notifier} writes it) and the console's base URL
     * (the alert's page is {@code <console>/alerts/<id>}).
     */
    public static PageText of(Notification n, Map<String, Object> payload, URI console, boolean withDetails) {
        Object minutes = payload.get("measuredMinutesAgo");
        return new PageText(String.valueOf(payload.getOrDefault("severity", "")), String.valueOf(payload.getOrDefault("rule", "")),
                n.kind, n.reason, minutes instanceof Number number ? number.intValue() : null,
                withDetails && payload.get("summary") != null ? String.valueOf(payload.get("summary")) : null,
                link(console, n.alertId.toString()));
    }

    /** As above, from the notification's payload as stored. */
    public static PageText of(Notification n, StoredJson json, URI console, boolean withDetails) {
        return of(n, json.read(n.payload, new TypeReference<Map<String, Object>>() {
        }), console, withDetails);
    }

    static URI link(URI console, String alertId) {
        String base = console.toString().replaceAll("/+$", "");
        return URI.create(base + "/alerts/" + alertId);
    }

    /** The rule as staff say it; a rule this does not know, as named. */
    public String ruleInWords() {
        return RULES.getOrDefault(rule, rule.replace('-', ' ').replace('_', ' ').toLowerCase(Locale.ROOT));
    }

    public String subject() {
        return "[" + severity + "] " + capitalised(ruleInWords()) + " (" + kindInWords() + ")";
    }

    /** The email's plain text. */
    public String body() {
        StringBuilder text = new StringBuilder();
        text.append(severity).append(" alert: ").append(ruleInWords()).append(".\n");
        text.append(capitalised(kindInWords())).append(reason == null ? "" : ": " + reason).append(".\n");
        if (measuredMinutesAgo != null) {
            text.append(measuredAgo()).append(".\n");
        }
        if (summary != null) {
            text.append(summary).append('\n');
        }
        text.append("\nOpen the alert in the console to see the patient and act on it:\n").append(link).append('\n');
        text.append("\nThis message holds no patient details on purpose; the console has them.\n");
        return text.toString();
    }

    /** An SMS: one segment's worth where it can be. The sitter's has no console to open: it asks them to look. */
    public String sms() {
        if (SitterCheck.KIND.equals(kind)) {
            return SitterCheck.MESSAGE;
        }
        return severity + ": " + ruleInWords() + (measuredMinutesAgo != null ? ", " + measuredAgo().toLowerCase(Locale.ROOT) : "")
                + ". Reply not needed - open the console: " + link;
    }

    /**
     * The lines under a phone's or a desktop's notification title (Web Push): why it was sent and how long ago it was
     * measured. No link: tapping the notification opens it.
     */
    public String notice() {
        return capitalised(kindInWords()) + (reason == null ? "" : ": " + reason) + "."
                + (measuredMinutesAgo != null ? " " + measuredAgo() + "." : "")
                + (summary != null ? " " + summary : "") + " Open the console to see the patient.";
    }

    /** What a call says, twice over in the TwiML. */
    public String spoken() {
        return "This is the ketamine monitoring service with a " + severity.toLowerCase(Locale.ROOT) + " alert: "
                + ruleInWords() + ". " + capitalised(kindInWords()) + ". Please open the console now.";
    }

    private String measuredAgo() {
        return measuredMinutesAgo == 0 ? "Measured less than a minute ago"
                : "Measured " + measuredMinutesAgo + " min ago";
    }

    private String kindInWords() {
        return switch (kind == null ? "" : kind) {
            case "PAGE" -> "new alert";
            case "UPDATE" -> "another alert for the same session";
            case "ESCALATION" -> "escalated, not yet acknowledged";
            case "REPAGE" -> "paged again";
            case "CONFIRMED" -> "confirmed";
            default -> kind == null ? "alert" : kind.toLowerCase(Locale.ROOT);
        };
    }

    private static String capitalised(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
