package care.ketamine.platform.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.stream.Collectors;

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

    /**
     * Constants as SQL string literals, sorted and comma-separated ('a', 'b'): written out in a query rather than
     * bound, so that a partial index on them applies. Only for the code's own constants, never for input.
     */
    public static String literals(Collection<String> constants) {
        return constants.stream().sorted().map(c -> "'" + c.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }
}
