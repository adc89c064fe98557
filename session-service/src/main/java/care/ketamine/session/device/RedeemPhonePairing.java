package care.ketamine.session.device;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.session.domain.AttemptSource;
import care.ketamine.session.domain.PairingCode;
import care.ketamine.session.domain.SignInLimits;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use case: a phone redeems the code the console showed and gets its device token, once. Nobody is signed in on the
 * phone, so wrong codes are limited per address ({@link #WRONG_CODES_ALLOWED} in {@link #WINDOW}, as console
 * sign-ins are) and every attempt is written down. A wrong, used, withdrawn or expired code all get the same answer:
 * the phone learns nothing about which codes exist.
 */
@ApplicationScoped
public class RedeemPhonePairing {

    public static final int WRONG_CODES_ALLOWED = 10;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final String NOT_A_WORKING_CODE = "This code does not work. A code works once, for 10 minutes, and only the "
            + "newest one the clinic showed: ask the clinic to show a new one.";

    private final Clock clock;
    private final SessionBook book;
    private final PairDevice pairDevice;
    private final EntityManager entityManager;

    public RedeemPhonePairing(Clock clock, SessionBook book, PairDevice pairDevice, EntityManager entityManager) {
        this.clock = clock;
        this.book = book;
        this.pairDevice = pairDevice;
        this.entityManager = entityManager;
    }

    /** @param from the caller's address; an IPv6 one counts by its /64 ({@link AttemptSource}) */
    @Transactional
    public Pairing redeem(String typed, String from) {
        String address = AttemptSource.of(from);
        Instant now = clock.instant();
        // One attempt per address at a time: parallel guesses must not all read the count before any is recorded.
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked")
                .setParameter(1, "pairing " + address).getSingleResult();
        Optional<Instant> locked = SignInLimits.lockout(wrongCodes(address, now), WRONG_CODES_ALLOWED, WINDOW, now);
        if (locked.isPresent()) {
            recordApart(address, "LOCKED_OUT", now);
            long seconds = Math.max(1, Duration.between(now, locked.get()).toSeconds());
            throw new ProblemException(Problem.of(Response.Status.TOO_MANY_REQUESTS, "Too many wrong codes from here: try "
                    + "again in " + ((seconds + 59) / 60) + " minutes"), Map.of("Retry-After", Long.toString(seconds)));
        }
        PairingOffer offer = PairingCode.read(typed)
                .map(code -> PairingOffer.find("codeDigest", code.digest())
                        .withLock(LockModeType.PESSIMISTIC_WRITE).<PairingOffer>firstResult())
                .filter(found -> found.open(now))
                .orElse(null);
        if (offer == null) {
            recordApart(address, "WRONG_CODE", now);
            throw new ProblemException(Response.Status.NOT_FOUND, NOT_A_WORKING_CODE);
        }
        SessionRecord session = book.require(offer.sessionId);
        if (SessionStates.ended(session.state)) {
            // The same answer as a wrong code: a phone learns nothing about which codes exist.
            recordApart(address, "SESSION_ENDED", now);
            throw new ProblemException(Response.Status.NOT_FOUND, NOT_A_WORKING_CODE);
        }
        Pairing pairing = pairDevice.pair(session, new PairingRequest(offer.role, offer.label, offer.kind, null, null, null,
                null), offer.offeredBy);
        offer.redeemedAt = now;
        offer.deviceId = pairing.deviceId();
        record(address, "PAIRED", now);
        return pairing;
    }

    /** Written even though the request is refused (and its transaction rolled back). */
    private void recordApart(String address, String outcome, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> record(address, outcome, at));
    }

    private void record(String address, String outcome, Instant at) {
        entityManager.createNativeQuery("INSERT INTO pairing_attempt (at, address, outcome) VALUES (?1, ?2, ?3)")
                .setParameter(1, at).setParameter(2, address).setParameter(3, outcome).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<Instant> wrongCodes(String address, Instant now) {
        List<Object> at = entityManager.createNativeQuery("""
                        SELECT at FROM pairing_attempt WHERE address = ?1 AND outcome = 'WRONG_CODE' AND at > ?2
                        ORDER BY at DESC LIMIT ?3""")
                .setParameter(1, address).setParameter(2, now.minus(WINDOW).minus(WINDOW))
                .setParameter(3, WRONG_CODES_ALLOWED).getResultList();
        return at.stream().map(SqlValues::instant).toList();
    }
}
