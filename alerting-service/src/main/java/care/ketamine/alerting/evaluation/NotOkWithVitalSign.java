package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.AlertRules;
import care.ketamine.alerting.domain.CheckInRules;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.Set;

/**
 * Use case: a patient said they were not OK and, while that alert is open, a vital sign goes off (a warning or
 * worse): their "not OK" becomes critical, as it would have been had the vital sign come first
 * ({@link CheckInRules#notOkWithVitalSignAlert}). Runs inside the caller's transaction.
 */
@ApplicationScoped
class NotOkWithVitalSign {

    private static final Set<String> VITAL_SIGN_RULES = AlertRules.standard().names();

    private final AlertRepository alerts;
    private final RaiseAlert raiseAlert;

    NotOkWithVitalSign(AlertRepository alerts, RaiseAlert raiseAlert) {
        this.alerts = alerts;
        this.raiseAlert = raiseAlert;
    }

    static boolean isVitalSignAlert(String rule, Severity severity) {
        return VITAL_SIGN_RULES.contains(rule) && severity.compareTo(Severity.WARNING) >= 0;
    }

    /** After the conditions a reading found were raised: the session's open "not OK" is made critical if one of them is a vital sign. */
    @Transactional(Transactional.TxType.MANDATORY)
    void afterRaising(Collection<AlertCondition> raised, SessionWatch session) {
        if (raised.stream().noneMatch(c -> isVitalSignAlert(c.rule(), c.severity()))) {
            return;
        }
        alerts.findUnresolved(session.sessionId(), CheckInRules.PATIENT_NOT_OK)
                .filter(notOk -> notOk.clearedAt == null && notOk.severity.compareTo(Severity.CRITICAL) < 0)
                .ifPresent(notOk -> raiseAlert.raise(CheckInRules.notOkWithVitalSignAlert(session.sessionId(),
                        notOk.latestValue, notOk.worstMeasure, notOk.lastSeenAt), session));
    }
}
