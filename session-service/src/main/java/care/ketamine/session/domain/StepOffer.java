package care.ketamine.session.domain;

import java.util.List;

/**
 * A lifecycle step as the console offers it now: allowed, or refused with the very words the step itself
 * would be refused with (its problem's detail, and each reason), so the button and the endpoint cannot disagree.
 *
 * @param step    the step as its path names it (check-in, dose, tablet-taken...)
 * @param allowed whether the step would be taken now, given what the clinician is asked for in its dialog
 * @param reason  why not, in one line (null when allowed)
 * @param reasons each reason on its own (empty when allowed, or when the refusal has a single reason)
 */
public record StepOffer(String step, boolean allowed, String reason, List<String> reasons) {

    public StepOffer {
        reasons = List.copyOf(reasons);
    }

    static StepOffer of(String step, IllegalTransition refusal) {
        return refusal == null ? new StepOffer(step, true, null, List.of())
                : new StepOffer(step, false, refusal.getMessage(), refusal.reasons());
    }
}
