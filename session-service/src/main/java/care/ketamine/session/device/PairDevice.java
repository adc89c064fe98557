package care.ketamine.session.device;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.domain.DeviceDeclaration;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionSettings;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Use case: a device is paired to one session, naming its kind (a cuff, an oximeter, a combined monitor, the
 * sitter's phone) and optionally its cadence and what it is, and gets a token for that session only, valid until
 * a margin after the session's scheduled end ({@link DeviceTokenExpiry}); the paired device renews
 * it while the session has not ended; a device can be revoked.
 */
@ApplicationScoped
public class PairDevice {

    /** The device token's claim naming the device's kind (bp-cuff, pulse-oximeter, monitor, sitter-phone). */
    public static final String DEVICE_KIND_CLAIM = "device_kind";

    private final Clock clock;
    private final SessionBook book;
    private final Duration margin;
    private final String issuer;
    private final DeviceSigningKey signingKey;

    public PairDevice(Clock clock, SessionBook book, SessionSettings settings, DeviceSigningKey signingKey,
                      @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.clock = clock;
        this.book = book;
        this.signingKey = signingKey;
        this.margin = settings.deviceTokenMargin();
        // Without one the service does not start outside development (TrustedKeys).
        this.issuer = issuer.orElse("");
    }

    /** A pairing whose shape holds (PairingRequest): a known role and a label. */
    @Transactional
    public Pairing pair(SessionRecord session, PairingRequest request, String actor) {
        UUID sessionId = session.id;
        DeviceDeclaration declared = refuseBadInput(request);
        if (SessionStates.ended(session.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "The session has ended: no device can be paired to it");
        }
        Instant now = clock.instant();
        // One device per role and kind (a cuff and an oximeter together, never two cuffs): the one it replaces
        // stops working now (a lost phone must not keep posting).
        PairedDevice.<PairedDevice>list("sessionId = ?1 and role = ?2 and kind = ?3 and revokedAt is null", sessionId,
                        declared.role(), declared.kind())
                .forEach(earlier -> revoke(session, earlier, actor + " (replaced)", now));
        PairedDevice device = new PairedDevice();
        device.id = UUID.randomUUID();
        device.sessionId = sessionId;
        device.role = declared.role();
        device.kind = declared.kind();
        device.cadenceSeconds = declared.cadenceSeconds();
        device.label = request.label().strip();
        device.manufacturer = stripped(request.manufacturer());
        device.model = stripped(request.model());
        device.firmware = stripped(request.firmware());
        device.pairedBy = actor;
        device.pairedAt = now;
        device.expiresAt = DeviceTokenExpiry.of(session.endsAt, now, margin);
        device.persist();
        String token = token(device, now);
        // Vitals and alerting learn which devices may post for the session, and each one's kind and cadence,
        // from sessions.lifecycle.
        book.publish(session, "DEVICE_PAIRED", session.state, actor,
                device.role + " (" + device.kind + ") paired: " + device.label, now, device.id.toString(), device.described());
        return pairing(device, token);
    }

    /** 400 naming a kind that is not the role's or a cadence outside the kind's bounds; nothing is stored. */
    private static DeviceDeclaration refuseBadInput(PairingRequest request) {
        DeviceDeclaration declared = DeviceDeclaration.of(request.role(), request.kind(), request.cadenceSeconds());
        List<Problem.Violation> wrong = declared.violations().entrySet().stream()
                .map(broken -> new Problem.Violation(broken.getKey(), broken.getValue())).toList();
        if (!wrong.isEmpty()) {
            throw ProblemException.invalid("The device was not paired", wrong);
        }
        return declared;
    }

    private static String stripped(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Pairing pairing(PairedDevice device, String token) {
        return new Pairing(device.id, device.sessionId, device.role, device.label, device.expiresAt, token, device.kind,
                device.cadenceSeconds, device.manufacturer, device.model, device.firmware);
    }

    /**
     * A new token for the calling device (verified by {@link DeviceCaller}), same device, new expiry:
     * 409 once the session has ended. A revoked device never gets here (403).
     */
    @Transactional
    public Pairing refresh(SessionRecord session, DeviceCaller.Device caller) {
        if (SessionStates.ended(session.state)) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "The session has ended (" + session.state + "): its devices get no new token");
        }
        // Locked, so a revocation committing meanwhile either comes first (refused here) or waits for this renewal.
        PairedDevice device = PairedDevice.findById(caller.deviceId(), LockModeType.PESSIMISTIC_WRITE);
        if (device.revokedAt != null) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This device was revoked for the session");
        }
        Instant now = clock.instant();
        device.expiresAt = DeviceTokenExpiry.of(session.endsAt, now, margin);
        return pairing(device, token(device, now));
    }

    /**
     * Signed with session-service's device key, named by its kid: vitals verifies it with that key,
     * and session-service's own device endpoints ({@link DeviceCaller}) for {@link Audiences#SESSION_DEVICE}.
     */
    private String token(PairedDevice device, Instant now) {
        return signingKey.sign(Jwt.issuer(issuer)
                .audience(new LinkedHashSet<>(List.of(Audiences.VITALS, Audiences.SESSION_DEVICE)))
                .subject(care.ketamine.contracts.sessions.PairedDevice.subjectOf(device.id.toString()))
                .upn(care.ketamine.contracts.sessions.PairedDevice.subjectOf(device.id.toString()))
                .groups(device.role)
                .claim(Roles.SESSION_CLAIM, device.sessionId.toString())
                .claim("device_id", device.id.toString())
                // What the device is, so vitals can refuse a reading of the wrong shape without a lookup.
                .claim(DEVICE_KIND_CLAIM, device.kind)
                .issuedAt(now)
                .expiresAt(device.expiresAt));
    }

    @Transactional
    public void revoke(SessionRecord session, UUID deviceId, String actor) {
        PairedDevice device = PairedDevice.findById(deviceId);
        if (device == null || !device.sessionId.equals(session.id)) {
            throw ProblemException.notFound("Device " + deviceId + " of session " + session.id);
        }
        if (device.revokedAt == null) {
            revoke(session, device, actor, clock.instant());
        }
    }

    private void revoke(SessionRecord session, PairedDevice device, String actor, Instant now) {
        device.revokedAt = now;
        book.publish(session, "DEVICE_REVOKED", session.state, actor,
                device.role + " (" + device.kind + ") revoked: " + device.label,
                now, device.id.toString());
    }
}
