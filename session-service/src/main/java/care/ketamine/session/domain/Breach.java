package care.ketamine.session.domain;

/** A field of a request and the rule it broke. */
public record Breach(String field, String rule) {
}
