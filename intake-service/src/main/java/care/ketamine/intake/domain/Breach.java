package care.ketamine.intake.domain;

/** A field of a request and the rule it broke. */
public record Breach(String field, String rule) {
}
