package care.ketamine.alerting.oncall;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * A rotation's handoff time, time zone or start date in the form {@code java.time} reads ({@code 08:00},
 * {@code America/Los_Angeles}, {@code 2026-11-02}). An absent value fits (that is {@code @NotNull}'s), and so
 * does one over {@link #LONGEST} characters (that is {@code @Size}'s), so each value breaks one rule at most.
 */
@Documented
@Constraint(validatedBy = RosterForm.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@interface RosterForm {

    int LONGEST = 100;

    Kind value();

    /** Not used: the violation names the value that is not valid. */
    String message() default "is not valid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Kind {
        TIME(LocalTime::parse), ZONE(ZoneId::of), DATE(LocalDate::parse);

        private final Function<String, ?> reader;

        Kind(Function<String, ?> reader) {
            this.reader = reader;
        }

        boolean reads(String value) {
            try {
                reader.apply(value);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }
    }

    class Check implements ConstraintValidator<RosterForm, String> {

        private Kind kind;

        @Override
        public void initialize(RosterForm annotation) {
            kind = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.length() > LONGEST || kind.reads(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("is not valid: " + literal(value)).addConstraintViolation();
            return false;
        }

        /** The client's value as the message interpolator prints it, never as a template of its own. */
        private static String literal(String value) {
            return value.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
