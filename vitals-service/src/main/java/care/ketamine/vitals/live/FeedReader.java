package care.ketamine.vitals.live;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a session's feed (table observation_feed) for live streams, outside any transaction. */
@ApplicationScoped
public class FeedReader {

    static final int PAGE = 500;

    private final AgroalDataSource dataSource;

    public FeedReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The events after {@code offset}, in order, at most one page. */
    List<FeedEntry> after(String sessionId, long offset) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT kafka_offset, type, event FROM observation_feed
                     WHERE session_id = ? AND kafka_offset > ? ORDER BY kafka_offset LIMIT ?""")) {
            q.setString(1, sessionId);
            q.setLong(2, offset);
            q.setInt(3, PAGE);
            return entries(q);
        }
    }

    /**
     * The latest event of each type, in order, and the head of the feed, read in one statement (one
     * snapshot), so that following from the head misses nothing and repeats nothing.
     */
    Snapshot latest(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT kafka_offset, type, event, head FROM (
                         SELECT DISTINCT ON (type) kafka_offset, type, event,
                                max(kafka_offset) OVER () AS head
                         FROM observation_feed WHERE session_id = ? ORDER BY type, kafka_offset DESC) latest
                     ORDER BY kafka_offset""")) {
            q.setString(1, sessionId);
            List<FeedEntry> entries = new ArrayList<>();
            long head = -1;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entries.add(new FeedEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    head = rs.getLong(4);
                }
            }
            return new Snapshot(entries, head);
        }
    }

    record Snapshot(List<FeedEntry> latest, long head) {
    }

    private static List<FeedEntry> entries(PreparedStatement q) throws SQLException {
        List<FeedEntry> entries = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                entries.add(new FeedEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return entries;
    }
}
