package care.ketamine.intake.patient;

import care.ketamine.intake.domain.Contact;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Schema(description = "A registered patient")
public record PatientView(UUID id, String givenName, String familyName, LocalDate dateOfBirth, String phone, String email,
                          String usState, String timezone, PatientRequest.Insurance insurance,
                          Contact emergencyContact, Contact sitter, Instant registeredAt, Instant updatedAt,
                          Instant dischargedAt, String dischargeReason) {

    public static PatientView of(Patient p) {
        return new PatientView(p.id, p.givenName, p.familyName, p.dateOfBirth, p.phone, p.email, p.usState, p.timezone,
                p.insurancePayer == null ? null : new PatientRequest.Insurance(p.insurancePayer, p.insuranceMemberId),
                p.emergencyContact(), p.sitter(), p.registeredAt, p.updatedAt, p.dischargedAt, p.dischargeReason);
    }
}
