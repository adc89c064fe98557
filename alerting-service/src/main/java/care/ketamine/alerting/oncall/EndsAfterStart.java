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

/** An override's window ends after it starts; {@code to} is named. A missing end is {@code @NotNull}'s to state. */
@Documented
@Constraint(validatedBy = EndsAfterStart.Check.class)
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@interface EndsAfterStart {

    String message() default "from and to are required, and to is after from";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<EndsAfterStart, OnCallResource.OverrideRequest> {

        @Override
        public boolean isValid(OnCallResource.OverrideRequest o, ConstraintValidatorContext context) {
            if (o == null || o.from() == null || o.to() == null || o.from().isBefore(o.to())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("to").addConstraintViolation();
            return false;
        }
    }
}
