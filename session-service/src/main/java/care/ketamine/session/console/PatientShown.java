package care.ketamine.session.console;

import care.ketamine.session.plan.PatientPlan;

import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

/**
 * How the console names a patient: "Alex Rivera", 40, from the details their plan's approval carried. A plan
 * approved before intake's events carried them leaves the first 8 characters of the patient's id and no age.
 */
public record PatientShown(String name, Integer age) {

    /** The patient of this plan (null: session-service holds no plan of theirs); {@code today} in the viewer's zone. */
    static PatientShown of(UUID patientId, PatientPlan plan, LocalDate today) {
        return plan == null ? of(patientId, null, null, null, today)
                : of(patientId, plan.patientGivenName, plan.patientFamilyName, plan.patientBirthDate, today);
    }

    static PatientShown of(UUID patientId, String givenName, String familyName, LocalDate birthDate, LocalDate today) {
        String name = givenName == null && familyName == null ? null
                : ((givenName == null ? "" : givenName.strip()) + " " + (familyName == null ? "" : familyName.strip())).strip();
        if (name == null || name.isEmpty()) {
            name = patientId.toString().substring(0, 8);
        }
        Integer age = birthDate == null || birthDate.isAfter(today) ? null : Period.between(birthDate, today).getYears();
        return new PatientShown(name, age);
    }
}
