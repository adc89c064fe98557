package care.ketamine.session.domain;

/** An alert of the session that nobody has resolved yet, as alerting last described it. */
public record OpenAlert(String alertId, String rule, String severity, String status) {

    /** WARNING and CRITICAL alerts stop a dose and discharge; INFO does not. */
    public boolean serious() {
        return "WARNING".equals(severity) || critical();
    }

    public boolean critical() {
        return "CRITICAL".equals(severity);
    }

    String spoken() {
        return rule + " (" + severity + ", " + status + ")";
    }
}
