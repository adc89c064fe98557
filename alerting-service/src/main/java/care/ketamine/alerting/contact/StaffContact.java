package care.ketamine.alerting.contact;

import care.ketamine.platform.problem.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a person on the staff is reached: an email address and a mobile number on file (either may be absent), and
 * whether they are one of the clinic's operators, who take the system's own alerts.
 *
 * @param phone E.164, e.g. +15551234567
 */
public record StaffContact(String staffId, String email, String phone, boolean operator) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    // Deliberately plain: a local part, one @, a domain with a dot; no spaces, no quoted forms, no comments.
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    /** Nobody's contact details on file: reached only on the screens and by push. */
    public static StaffContact none(String staffId) {
        return new StaffContact(staffId, null, null, false);
    }

    public Optional<String> emailAddress() {
        return Optional.ofNullable(email);
    }

    public Optional<String> phoneNumber() {
        return Optional.ofNullable(phone);
    }

    /** What is wrong with these details as a person entered them, field by field; empty when they are fine. */
    public static List<Problem.Violation> problems(String email, String phone) {
        List<Problem.Violation> problems = new ArrayList<>();
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            problems.add(new Problem.Violation("email", "must be an email address such as name@clinic.example (at most 254 characters)"));
        }
        if (phone != null && !E164.matcher(phone).matches()) {
            problems.add(new Problem.Violation("phone", "must be a mobile number in international form, + and 7 to 15 digits, e.g. +15551234567"));
        }
        return problems;
    }

    /** The address as it is kept: trimmed, the email's domain in lower case, blank as absent. */
    public static String normalEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String trimmed = email.trim();
        int at = trimmed.lastIndexOf('@');
        return at < 0 ? trimmed : trimmed.substring(0, at) + trimmed.substring(at).toLowerCase(Locale.ROOT);
    }

    /** The number as it is kept: spaces, dashes, dots and brackets taken out, blank as absent. */
    public static String normalPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        return phone.replaceAll("[\\s().-]", "");
    }
}
