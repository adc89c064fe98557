package care.ketamine.vitals.domain;

/** A field of a reading and the plausibility rule it broke. */
public record RuleBreach(String field, String rule) {
}
