package care.ketamine.alerting.domain;

/** How urgently a human must respond. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
