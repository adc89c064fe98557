package care.ketamine.session.console;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A part of a browser's PushSubscription in the form Web Push needs: the endpoint a push service's https address
 * (no credentials; alerting checks it against the push services it calls), the keys the browser's P-256 public key
 * and its auth secret in base64url. An absent value fits (whether it is required is {@code @NotNull} or
 * {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = WebPush.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface WebPush {

    /** The longest endpoint taken. */
    int ENDPOINT_CHARACTERS = 2048;

    Part value();

    /** Not used: the violation states the part's rule. */
    String message() default "is not in the form Web Push needs";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Part { ENDPOINT, P256DH, AUTH }

    class Check implements ConstraintValidator<WebPush, String> {

        private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

        private Part part;

        @Override
        public void initialize(WebPush annotation) {
            part = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String broken = switch (part) {
                case ENDPOINT -> endpointRule(value);
                case P256DH -> {
                    byte[] key = base64Url(value, 200);
                    yield key != null && key.length == 65 && key[0] == 4 ? null
                            : "must be the browser's P-256 public key, 65 bytes in base64url";
                }
                case AUTH -> {
                    byte[] secret = base64Url(value, 100);
                    yield secret != null && secret.length == 16 ? null : "must be the browser's auth secret, 16 bytes in base64url";
                }
            };
            if (broken == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // The rules have no braces or dollar signs, so the interpolator leaves them as they are.
            context.buildConstraintViolationWithTemplate(broken).addConstraintViolation();
            return false;
        }

        private static String endpointRule(String endpoint) {
            if (endpoint.length() > ENDPOINT_CHARACTERS) {
                return "is at most " + ENDPOINT_CHARACTERS + " characters";
            }
            try {
                URI uri = new URI(endpoint.strip());
                if (!"https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) || uri.getHost() == null
                        || uri.getRawUserInfo() != null) {
                    return "must be an https URL of a push service";
                }
            } catch (URISyntaxException e) {
                return "is not a URL";
            }
            return null;
        }

        /** The bytes of a base64url text (padded or not) of at most {@code most} characters; null when it is not one. */
        private static byte[] base64Url(String text, int most) {
            if (text.strip().length() > most || !BASE64URL.matcher(text.strip()).matches()) {
                return null;
            }
            try {
                return Base64.getUrlDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
