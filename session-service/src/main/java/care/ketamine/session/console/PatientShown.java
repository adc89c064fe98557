package care.ketamine.session.console;

import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

/**
 * How the console names a patient: "Alex Rivera", 40, from the details their plan's approval carried. A plan
 * approved before intake's events carried them leaves the first 8 characters of the patient's id and no age.
 */
public record PatientShown(String name, Integer age) {

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
