package care.ketamine.alerting.notification;

import java.util.Map;

/**
 * A rule's name as a person reads it on a lock screen or in a paging service, where nothing else about the
 * patient is shown.
 */
public final class RuleWords {

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("bp-crisis", "blood pressure crisis"),
            Map.entry("bp-high", "blood pressure high"),
            Map.entry("bp-low", "blood pressure low"),
            Map.entry("bp-rise", "blood pressure rising"),
            Map.entry("check-in-missed", "check-in missed"),
            Map.entry("device-silent", "monitor silent"),
            Map.entry("heart-rate", "heart rate out of range"),
            Map.entry("patient-not-ok", "patient says not OK"),
            Map.entry("patient-symptoms", "patient reports symptoms"),
            Map.entry("pre-dose-gate", "pre-dose check failed"),
            Map.entry("resp-rate-low", "breathing rate low"),
            Map.entry("sitter-concern", "sitter concerned"),
            Map.entry("spo2-drop", "oxygen saturation dropping"),
            Map.entry("spo2-low", "oxygen saturation low"),
            Map.entry("urgent-review-overdue", "urgent review overdue"),
            Map.entry("PAGE_NOT_DELIVERED", "page not delivered"),
            Map.entry("VITALS_SILENT", "readings stopped for every session"));

    private RuleWords() {
    }

    public static String of(String rule) {
        if (rule == null) {
            return "alert";
        }
        return WORDS.getOrDefault(rule, rule.replace('-', ' '));
    }
}
