package care.ketamine.alerting.oncall;

import care.ketamine.platform.problem.FreeText;
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
 * A text limit the shared {@code @TextLimit} kinds do not have (an override's reason is shorter than a
 * reason elsewhere); the violation states it as {@link FreeText#rule()} does. An absent value fits.
 */
@Documented
@Constraint(validatedBy = TextWithin.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@interface TextWithin {

    int characters();

    int bytes();

    /** Not used: the violation states the limit. */
    String message() default "exceeds its limit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TextWithin, String> {

        private FreeText limit;

        @Override
        public void initialize(TextWithin annotation) {
            limit = new FreeText(annotation.characters(), annotation.bytes());
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
