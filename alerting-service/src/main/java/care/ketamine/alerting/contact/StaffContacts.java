package care.ketamine.alerting.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The staff's contact details on file (table staff_contact). */
@ApplicationScoped
public class StaffContacts {

    private final EntityManager entityManager;
    private final Clock clock;

    public StaffContacts(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** The person's details, or none on file. */
    @Transactional
    public StaffContact of(String staffId) {
        return find(staffId).orElse(StaffContact.none(staffId));
    }

    @Transactional
    public Optional<StaffContact> find(String staffId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT staff_id, email, phone, operator FROM staff_contact WHERE staff_id = ?1")
                .setParameter(1, staffId).getResultList();
        return rows.stream().findFirst().map(StaffContacts::contact);
    }

    /** The clinic's operators, who take the system's own alerts. */
    @Transactional
    public List<StaffContact> operators() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT staff_id, email, phone, operator FROM staff_contact WHERE operator ORDER BY staff_id").getResultList();
        return rows.stream().map(StaffContacts::contact).toList();
    }

    @Transactional
    public void put(StaffContact contact, String by) {
        entityManager.createNativeQuery("""
                        INSERT INTO staff_contact (staff_id, email, phone, operator, updated_by, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (staff_id) DO UPDATE SET email = excluded.email, phone = excluded.phone,
                            operator = excluded.operator, updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .setParameter(1, contact.staffId()).setParameter(2, contact.email()).setParameter(3, contact.phone())
                .setParameter(4, contact.operator()).setParameter(5, by).setParameter(6, clock.instant()).executeUpdate();
    }

    private static StaffContact contact(Object[] row) {
        return new StaffContact((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3]);
    }
}
