package care.ketamine.alerting.alert;

/** Fired inside the transaction that changed an alert; observers act only once it commits. */
public record AlertChanged(AlertView alert) {
}
