package care.ketamine.contracts.security;

import java.util.List;

/**
 * The {@code aud} a token names: each service accepts only tokens meant for it. A device or
 * sitter token is for vitals-service, and for session-service's own device endpoints, which verify
 * it themselves; the console's sign-in cookie only for the console.
 */
public final class Audiences {

    public static final String INTAKE = "intake-service";
    public static final String SESSION = "session-service";
    public static final String VITALS = "vitals-service";
    public static final String ALERTING = "alerting-service";
    /** The console's sign-in cookie: accepted by session-service under /console only. */
    public static final String CONSOLE = "console";

    /**
     * A command from the console to alerting (alerts.commands): session-service signs it for one alert
     * and one action, valid for minutes.
     */
    public static final String ALERT_COMMANDS = "alert-commands";

    /**
     * A paired device's token at session-service: accepted only by the endpoints a device calls there
     * (refreshing its token, "tablet taken"), which verify it with the device key themselves. No
     * service lists it in mp.jwt.verify.audiences, so everywhere else such a token is refused.
     */
    public static final String SESSION_DEVICE = "session-device";

    /** The APIs staff call with a token from the identity provider. */
    public static final List<String> STAFF_APIS = List.of(INTAKE, SESSION, VITALS, ALERTING);

    private Audiences() {
    }

    /** What a development token in this role is for, as an identity provider would issue it. */
    public static List<String> forRole(String role) {
        return Roles.PATIENT_DEVICE.equals(role) || Roles.SITTER.equals(role) ? List.of(VITALS, SESSION_DEVICE) : STAFF_APIS;
    }
}
