package care.ketamine.intake.screening;

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
 * A blood pressure is a whole reading: both numbers (the reading is named when one is missing), the
 * systolic above the diastolic (the systolic is named when it is not).
 */
@Documented
@Constraint(validatedBy = WholeReading.Check.class)
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WholeReading {

    String message() default "needs systolic and diastolic";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<WholeReading, ScreeningRequest.BloodPressure> {

        @Override
        public boolean isValid(ScreeningRequest.BloodPressure bp, ConstraintValidatorContext context) {
            if (bp == null) {
                return true;
            }
            if (bp.systolic() == null || bp.diastolic() == null) {
                return false;
            }
            if (bp.systolic() <= bp.diastolic()) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must exceed diastolic").addPropertyNode("systolic")
                        .addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}
