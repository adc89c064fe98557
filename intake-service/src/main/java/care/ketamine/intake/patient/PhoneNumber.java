package care.ketamine.intake.patient;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * A phone number as staff type it: digits, spaces, + ( ) - and ., 7 to 25 characters with at least 7
 * digits. An absent value passes (whether it is required is {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = PhoneNumber.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PhoneNumber {

    String message() default "must be a phone number";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<PhoneNumber, String> {

        private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()\\-.]{7,25}$");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null
                    || PHONE.matcher(value).matches() && value.chars().filter(Character::isDigit).count() >= 7;
        }
    }
}
