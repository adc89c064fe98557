package care.ketamine.vitals.checkin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A check-in prompt of a session: due on the cadence from the dose, issued once the broker has it. */
@Entity
@Table(name = "check_in_prompt")
public class CheckInPrompt extends PanacheEntityBase {

    @Id
    @Column(name = "prompt_id")
    public String promptId;
    @Column(name = "session_id")
    public String sessionId;
    public String respondent;
    public int sequence;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "answered_by")
    public String answeredBy;
    public boolean cancelled;
    /** check-in, or retest (a cuff asked to measure again after a blood-pressure crisis) */
    public String kind;
    /** Why a retest was asked for; null for check-ins. */
    public String reason;
}
