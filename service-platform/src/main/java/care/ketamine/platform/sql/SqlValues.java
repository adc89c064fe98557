package care.ketamine.platform.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query results, whichever Java type the driver and Hibernate chose for them. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A timestamptz column: a Timestamp, an Instant or an OffsetDateTime, as an Instant (null stays null). */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp t ? t.toInstant() : value instanceof Instant i ? i : ((OffsetDateTime) value).toInstant();
    }
}
