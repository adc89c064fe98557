package care.ketamine.session.domain;

import java.util.List;

/**
 * What the lifecycle steps are judged on besides the session itself, for {@link DosingSession#offers}; each is needed
 * only in the states whose steps read it (null or empty otherwise).
 *
 * @param devicePaired a patient device is paired and unrevoked (check-in)
 * @param dose         the dose's checks now (PRE_DOSE_CHECK)
 * @param discharge    the discharge proposal now (MONITORING, ENDED_EARLY)
 * @param openAlerts   the session's unresolved alerts (RECOVERED)
 */
public record StepFacts(boolean devicePaired, DoseChecks dose, DischargeProposal discharge, List<OpenAlert> openAlerts) {

    public StepFacts {
        openAlerts = openAlerts == null ? List.of() : List.copyOf(openAlerts);
    }
}
