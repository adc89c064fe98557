package care.ketamine.alerting.oncall;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.alerting.domain.OnCallRoster;
import care.ketamine.platform.json.StoredJson;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Date;
import java.sql.Time;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** The on-call rotations and overrides as stored, as the domain's {@link OnCallRoster}. */
@ApplicationScoped
public class Roster {

    private final EntityManager entityManager;
    private final StoredJson json;
    private final ActionAudit audit;

    public Roster(EntityManager entityManager, StoredJson json, ActionAudit audit) {
        this.entityManager = entityManager;
        this.json = json;
        this.audit = audit;
    }

    @Transactional
    public OnCallRoster current() {
        return new OnCallRoster(rotations(), overrides());
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<OnCallRoster.Rotation> rotations() {
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT id, tier, members, length_days, handoff, timezone, starts_on FROM oncall_rotation ORDER BY tier, id")
                .getResultList();
        return rows.stream().map(r -> new OnCallRoster.Rotation((String) r[0], ((Number) r[1]).intValue(),
                json.read((String) r[2], new TypeReference<List<String>>() {
                }), ((Number) r[3]).intValue(), localTime(r[4]), ZoneId.of((String) r[5]), localDate(r[6]))).toList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<OnCallRoster.ScheduleOverride> overrides() {
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT id, tier, staff_id, starts_at, ends_at, reason FROM oncall_override ORDER BY starts_at").getResultList();
        return rows.stream().map(r -> new OnCallRoster.ScheduleOverride((String) r[0], ((Number) r[1]).intValue(), (String) r[2],
                SqlValues.instant(r[3]), SqlValues.instant(r[4]), (String) r[5])).toList();
    }

    @Transactional
    public void add(OnCallRoster.Rotation rotation, String by, Instant now) {
        entityManager.createNativeQuery("""
                        INSERT INTO oncall_rotation (id, tier, members, length_days, handoff, timezone, starts_on, created_by, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, rotation.id()).setParameter(2, rotation.tier()).setParameter(3, json.write(rotation.members()))
                .setParameter(4, rotation.lengthDays()).setParameter(5, rotation.handoff())
                .setParameter(6, rotation.zone().getId()).setParameter(7, rotation.startsOn()).setParameter(8, by)
                .setParameter(9, now).executeUpdate();
    }

    @Transactional
    public void add(OnCallRoster.ScheduleOverride cover, String by, Instant now) {
        entityManager.createNativeQuery("""
                        INSERT INTO oncall_override (id, tier, staff_id, starts_at, ends_at, reason, created_by, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, cover.id()).setParameter(2, cover.tier()).setParameter(3, cover.staffId())
                .setParameter(4, cover.from()).setParameter(5, cover.to()).setParameter(6, cover.reason())
                .setParameter(7, by).setParameter(8, now).executeUpdate();
    }

    /** Removes the override, recording who removed what (the row itself is gone after); false if there was none. */
    @Transactional
    @SuppressWarnings("unchecked")
    public boolean removeOverride(String id, String by, String role) {
        List<Object[]> removed = entityManager.createNativeQuery(
                        "DELETE FROM oncall_override WHERE id = ?1 RETURNING tier, staff_id, starts_at, ends_at")
                .setParameter(1, id).getResultList();
        for (Object[] r : removed) {
            audit.changed(by, role, "oncall.override.deleted", id, "tier " + r[0] + ", " + r[1] + " on call from "
                    + SqlValues.instant(r[2]) + " to " + SqlValues.instant(r[3]));
        }
        return !removed.isEmpty();
    }

    @Transactional
    public boolean rotationExists(String id) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM oncall_rotation WHERE id = ?1")
                .setParameter(1, id).getSingleResult()).intValue() > 0;
    }

    private static LocalTime localTime(Object value) {
        return value instanceof Time t ? t.toLocalTime() : (LocalTime) value;
    }

    private static LocalDate localDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }

}
