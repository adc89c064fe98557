package care.ketamine.intake.patient;

import care.ketamine.intake.domain.Contact;
import care.ketamine.intake.domain.PatientDetails;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Entity
@Table(name = "patient")
public class Patient extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "given_name")
    public String givenName;
    @Column(name = "family_name")
    public String familyName;
    @Column(name = "date_of_birth")
    public LocalDate dateOfBirth;
    public String phone;
    public String email;
    @Column(name = "us_state")
    public String usState;
    public String timezone;
    @Column(name = "insurance_payer")
    public String insurancePayer;
    @Column(name = "insurance_member_id")
    public String insuranceMemberId;
    @Column(name = "emergency_name")
    public String emergencyName;
    @Column(name = "emergency_phone")
    public String emergencyPhone;
    @Column(name = "emergency_relationship")
    public String emergencyRelationship;
    @Column(name = "sitter_name")
    public String sitterName;
    @Column(name = "sitter_phone")
    public String sitterPhone;
    @Column(name = "sitter_relationship")
    public String sitterRelationship;
    @Column(name = "identity_key")
    public String identityKey;
    @Column(name = "registered_at")
    public Instant registeredAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "discharged_at")
    public Instant dischargedAt;
    @Column(name = "discharged_by")
    public String dischargedBy;
    @Column(name = "discharge_reason")
    public String dischargeReason;
    @Version
    public long version;

    public void apply(PatientDetails d, Instant now) {
        givenName = d.givenName().trim();
        familyName = d.familyName().trim();
        dateOfBirth = d.dateOfBirth();
        phone = d.phone();
        email = d.email();
        usState = d.usState();
        timezone = d.timezone();
        insurancePayer = d.insurancePayer();
        insuranceMemberId = d.insuranceMemberId();
        emergencyName = d.emergencyContact().name();
        emergencyPhone = d.emergencyContact().phone();
        emergencyRelationship = d.emergencyContact().relationship();
        sitterName = d.sitter().name();
        sitterPhone = d.sitter().phone();
        sitterRelationship = d.sitter().relationship();
        identityKey = d.identityKey();
        updatedAt = now;
    }

    public Contact sitter() {
        return new Contact(sitterName, sitterPhone, sitterRelationship);
    }

    public Contact emergencyContact() {
        return new Contact(emergencyName, emergencyPhone, emergencyRelationship);
    }
}
