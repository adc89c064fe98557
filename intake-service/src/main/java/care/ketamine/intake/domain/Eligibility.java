package care.ketamine.intake.domain;

/** The outcome of screening, from best to worst. */
public enum Eligibility {
    ELIGIBLE, NEEDS_REVIEW, INELIGIBLE;

    Eligibility worse(Eligibility other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
