package care.ketamine.intake.domain;

/** A person to call: the emergency contact, or the sitter (the peer treatment monitor). */
public record Contact(String name, String phone, String relationship) {
}
