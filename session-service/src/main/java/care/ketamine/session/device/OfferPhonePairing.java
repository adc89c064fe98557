package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.domain.PairingCode;
import care.ketamine.session.lifecycle.SessionAccess;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Use case: the session's clinician (or an admin) shows a code that pairs the patient's or the sitter's phone. The code
 * works once, for {@link #VALID_FOR}, and a newer code for the same role withdraws the older one, so a code left on a
 * screen or a photo stops working as soon as another is shown. The QR code holds the app's address with the code after
 * '#': browsers never send that part, so the code is in no access log.
 */
@ApplicationScoped
public class OfferPhonePairing {

    public static final Duration VALID_FOR = Duration.ofMinutes(10);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final SessionBook book;
    private final Optional<URI> appUrl;

    public OfferPhonePairing(Clock clock, SessionBook book, SessionSettings settings) {
        this.clock = clock;
        this.book = book;
        this.appUrl = settings.appUrl();
    }

    /**
     * @param serviceUrl this service's address as the clinician's browser reached it, for the app's address where
     *                   sessions.app-url is not set
     */
    @Transactional
    public PhonePairingCode offer(UUID sessionId, PhonePairingRequest request, SessionAccess access, URI serviceUrl) {
        SessionRecord session = book.require(sessionId);
        access.requireCare(session);
        if (SessionStates.ended(session.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "The session has ended: no phone can be paired to it");
        }
        Instant now = clock.instant();
        PairingOffer.update("withdrawnAt = ?1 where sessionId = ?2 and role = ?3 and redeemedAt is null and withdrawnAt is null",
                now, sessionId, request.role());
        PairingCode code = PairingCode.draw(random);
        PairingOffer offer = new PairingOffer();
        offer.id = UUID.randomUUID();
        offer.sessionId = sessionId;
        offer.role = request.role();
        offer.kind = Roles.SITTER.equals(request.role()) ? DeviceKinds.SITTER_PHONE : DeviceKinds.PATIENT_PHONE;
        offer.label = request.label() == null || request.label().isBlank()
                ? (Roles.SITTER.equals(request.role()) ? "Sitter's phone" : "Patient's phone") : request.label().strip();
        offer.codeDigest = code.digest();
        offer.offeredBy = access.subject();
        offer.offeredAt = now;
        offer.expiresAt = now.plus(VALID_FOR);
        offer.persist();
        String pairUrl = appUrl.orElseGet(() -> serviceUrl.resolve("/app/")) + "#pair=" + code.characters();
        return new PhonePairingCode(sessionId, offer.role, offer.label, code.shown(), offer.expiresAt, VALID_FOR.toSeconds(), pairUrl,
                PairingQr.svg(pairUrl));
    }
}
