package care.ketamine.session.domain;

import java.time.Duration;

/**
 * The dosing protocol's waiting times. {@link #STANDARD} is the clinic's; a compressed copy exists
 * only for demonstrations and whole-session tests (see the platform's ClinicalTime).
 *
 * @param gateReadingMaxAge a reading older than this cannot open the gate nor authorize the dose (15 minutes)
 * @param recheckAfter      a held session may be rechecked only after this long (5 minutes)
 * @param minMonitoring     monitoring lasts at least this long after the dose (Spravato REMS: 2 hours)
 * @param gateValidity      a passed gate expires after this long without a dose authorization (15 minutes)
 * @param tabletWindow      an authorization expires after this long without the tablet taken (15 minutes)
 * @param dischargeWindow   discharge looks at the readings and the sitter's check-in of this last stretch (15 minutes)
 */
public record ProtocolTimes(Duration gateReadingMaxAge, Duration recheckAfter, Duration minMonitoring,
                            Duration gateValidity, Duration tabletWindow, Duration dischargeWindow) {

    public static final ProtocolTimes STANDARD = new ProtocolTimes(Duration.ofMinutes(15), Duration.ofMinutes(5),
            Duration.ofMinutes(120), Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));

    /** Every time divided by {@code factor} (1: the standard times). */
    public static ProtocolTimes compressedBy(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("the compression factor must be at least 1");
        }
        return factor == 1 ? STANDARD : new ProtocolTimes(STANDARD.gateReadingMaxAge.dividedBy(factor),
                STANDARD.recheckAfter.dividedBy(factor), STANDARD.minMonitoring.dividedBy(factor),
                STANDARD.gateValidity.dividedBy(factor), STANDARD.tabletWindow.dividedBy(factor),
                STANDARD.dischargeWindow.dividedBy(factor));
    }

    /** "120 minutes", or "72 seconds" when compressed below a minute's precision. */
    static String spoken(Duration d) {
        return d.toSecondsPart() == 0 && d.toMillisPart() == 0 ? d.toMinutes() + " minutes" : d.toMillis() / 1000.0 + " seconds";
    }
}
