package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What an email, a text and a call say: enough to open the console, nothing about the patient. */
class PageTextTest {

    private static final UUID ALERT = UUID.fromString("5b1c7f0e-0000-4000-8000-000000000001");

    private static Notification notification() {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.alertId = ALERT;
        n.kind = "ESCALATION";
        n.reason = "not acknowledged";
        return n;
    }

    /** A tier-2 step's payload, which carries the session's sitter and emergency contact for the call instruction. */
    private static Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("alertId", ALERT.toString());
        payload.put("sessionId", "session-7f3a-patient-pat-0042");
        payload.put("rule", "spo2-low");
        payload.put("severity", "CRITICAL");
        payload.put("summary", "SpO2 84% for 45 s");
        payload.put("measuredMinutesAgo", 3);
        payload.put("recipient", "dr-ada-lovelace");
        payload.put("instruction", "Call the sitter and the emergency contact");
        payload.put("sitter", Map.of("name", "Sam Sitterson", "phone", "+15557654321"));
        payload.put("emergencyContact", Map.of("name", "Erin Emergency", "phone", "+15550001111"));
        return payload;
    }

    @Test
    void shouldSaySeverityRuleReasonAndHowLongAgoWithTheConsoleLink() {
        PageText text = PageText.of(notification(), payload(), URI.create("https://console.clinic.example/console/"), false);
        assertThat(text.subject()).isEqualTo("[CRITICAL] Low oxygen saturation (escalated, not yet acknowledged)");
        assertThat(text.body()).contains("CRITICAL alert: low oxygen saturation.")
                .contains("Escalated, not yet acknowledged: not acknowledged.")
                .contains("Measured 3 min ago.")
                .contains("https://console.clinic.example/console/alerts/" + ALERT);
        assertThat(text.sms()).isEqualTo("CRITICAL: low oxygen saturation, measured 3 min ago. Reply not needed - open the console: "
                + "https://console.clinic.example/console/alerts/" + ALERT);
        assertThat(text.spoken()).contains("critical alert: low oxygen saturation");
        assertThat(text.notice()).isEqualTo("Escalated, not yet acknowledged: not acknowledged. Measured 3 min ago. "
                + "Open the console to see the patient.");
    }

    @Test
    void shouldCarryNoPatientSessionSitterOrContactDetailsByDefault() {
        PageText text = PageText.of(notification(), payload(), URI.create("https://console.clinic.example/console"), false);
        for (String words : List.of(text.subject(), text.body(), text.sms(), text.spoken(), text.notice())) {
            assertThat(words).doesNotContain("pat-0042", "session-7f3a", "Sam", "Sitterson", "+15557654321", "Erin",
                    "+15550001111", "dr-ada", "84%", "instruction", "emergency contact");
        }
        PageText detailed = PageText.of(notification(), payload(), URI.create("https://console.clinic.example/console"), true);
        assertThat(detailed.body()).contains("SpO2 84% for 45 s").doesNotContain("Sam", "pat-0042");
    }

    @Test
    void shouldSayAHelpRequestInPlainWords() {
        Map<String, Object> payload = payload();
        payload.put("rule", "help-requested");
        payload.remove("measuredMinutesAgo");
        PageText text = PageText.of(notification(), payload, URI.create("https://console.clinic.example/console"), false);
        assertThat(text.subject()).isEqualTo("[CRITICAL] The patient or the sitter asks for help now (escalated, not yet acknowledged)");
        assertThat(text.sms()).startsWith("CRITICAL: the patient or the sitter asks for help now. Reply not needed");
        assertThat(text.spoken()).contains("critical alert: the patient or the sitter asks for help now.");
        payload.put("rule", "sitter-away");
        payload.put("severity", "WARNING");
        assertThat(PageText.of(notification(), payload, URI.create("https://console.clinic.example/console"), false).subject())
                .isEqualTo("[WARNING] The sitter stepped out and has not come back (escalated, not yet acknowledged)");
    }
}
