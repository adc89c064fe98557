package care.ketamine.alerting.alert;

/** OPEN until someone owns it (ACKNOWLEDGED), then RESOLVED by a person or automatically. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED
}
