package care.ketamine.testsupport;

import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.DevelopmentTokens;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * JWTs signed with the development key, exactly as {@code deploy/local/dev-token} makes them,
 * for tests that call the services as a device, a clinician or on-call staff would.
 */
public final class DevTokens {

    public static final String ISSUER = DevelopmentTokens.ISSUER;
    private static DevelopmentTokens signer;

    private DevTokens() {
    }

    /** A token for staff in one role. */
    public static String forRole(String role) {
        return sign(role + "-" + UUID.randomUUID().toString().substring(0, 8), role, null, Duration.ofHours(1));
    }

    /** A patient-device or sitter token bound to one session, naming a new device (as pairing issues it). */
    public static String forSession(String role, String sessionId) {
        return forDevice(role, sessionId, UUID.randomUUID().toString());
    }

    /** A device token as session-service issues it at pairing: bound to the session, naming the device. */
    public static String forDevice(String role, String sessionId, String deviceId) {
        return signer().sign("device-" + deviceId, role, sessionId, Duration.ofHours(1), ",\"device_id\":\"" + deviceId + "\"");
    }

    /** A token with a chosen subject, role, optional session and lifetime (negative: already expired). */
    public static String sign(String subject, String role, String sessionId, Duration lifetime) {
        return signer().sign(subject, role, sessionId, lifetime, "");
    }

    /** A staff token holding several roles, for the staff APIs. */
    public static String signWithRoles(String subject, List<String> roles, Duration lifetime) {
        return signer().sign(subject, roles, null, lifetime, Audiences.forRole(roles.get(0)), "");
    }

    /** A token for the given audiences only, e.g. the console's sign-in cookie or another service's API. */
    public static String forAudiences(String subject, String role, String sessionId, List<String> audiences) {
        return signer().sign(subject, role, sessionId, Duration.ofHours(1), audiences, "");
    }

    /** The console's sign-in cookie token, as session-service issues it (audience: the console). */
    public static String forConsole(String subject, String role) {
        return forConsole(subject, role, Duration.ofHours(1));
    }

    /** A console token with a chosen lifetime (negative: already expired). */
    public static String forConsole(String subject, String role, Duration lifetime) {
        return signer().sign(subject, role, null, lifetime, List.of(Audiences.CONSOLE), "");
    }

    /** A command token as the console signs it for one alert and action (AlertCommand.token). */
    public static String forAlertCommand(String subject, String role, String alertId, String action, Duration lifetime) {
        return signer().sign(subject, role, null, lifetime, List.of(Audiences.ALERT_COMMANDS),
                ",\"alert_id\":\"" + alertId + "\",\"action\":\"" + action + "\"");
    }

    public static String forAlertCommand(String subject, String role, String alertId, String action) {
        return forAlertCommand(subject, role, alertId, action, Duration.ofMinutes(5));
    }

    /** A command token as the console signs it for a push action on one browser (bound to its endpoint's digest). */
    public static String forPushCommand(String subject, String role, String action, String endpoint) {
        return signer().sign(subject, role, null, Duration.ofMinutes(5), List.of(Audiences.ALERT_COMMANDS),
                ",\"push_endpoint\":\"" + AlertCommand.endpointDigest(endpoint) + "\",\"action\":\"" + action + "\"");
    }

    private static synchronized DevelopmentTokens signer() {
        if (signer == null) {
            signer = DevelopmentTokens.withKey(DevKeys.privateKey());
        }
        return signer;
    }
}
