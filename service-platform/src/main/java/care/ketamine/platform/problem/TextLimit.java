package care.ketamine.platform.problem;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request field's {@link FreeText} limit, checked by Bean Validation before the resource method runs: the
 * violation states the limit as {@link FreeText#rule()} does. An absent value fits (whether it is required
 * is {@code @NotNull} or {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = TextLimit.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TextLimit {

    /** The kind of text, with the limits {@link FreeText} declares for it. */
    Kind value();

    /** Not used: the violation states the kind's limit. */
    String message() default "exceeds its limit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Kind {
        NAME(FreeText.NAME), EMAIL(FreeText.EMAIL), ZONE(FreeText.ZONE), REASON(FreeText.REASON), NOTE(FreeText.NOTE);

        private final FreeText limit;

        Kind(FreeText limit) {
            this.limit = limit;
        }

        public FreeText limit() {
            return limit;
        }
    }

    class Check implements ConstraintValidator<TextLimit, String> {

        private FreeText limit;

        @Override
        public void initialize(TextLimit annotation) {
            limit = annotation.value().limit();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (limit.fits(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // The rule has no braces or dollar signs, so the interpolator leaves it as it is.
            context.buildConstraintViolationWithTemplate(limit.rule()).addConstraintViolation();
            return false;
        }
    }
}
