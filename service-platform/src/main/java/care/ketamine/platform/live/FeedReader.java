package care.ketamine.platform.live;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a session's feed for live streams, outside any transaction. The feed is a table with
 * columns session_id, {@code position} (strictly increasing per session in commit order), type
 * and event.
 */
public final class FeedReader {

    static final int PAGE = 500;

    private final AgroalDataSource dataSource;
    private final String after;
    private final String latest;
    private final String replayStart;

    /** @param table and @param position are code constants, never input */
    public FeedReader(AgroalDataSource dataSource, String table, String position) {
        this.dataSource = dataSource;
        this.after = "SELECT " + position + ", type, event FROM " + table
                + " WHERE session_id = ? AND " + position + " > ? ORDER BY " + position + " LIMIT " + PAGE;
        this.replayStart = "SELECT " + position + " FROM " + table + " WHERE session_id = ? AND " + position + " > ? ORDER BY "
                + position + " DESC LIMIT 1 OFFSET ?";
        // The latest event of each type and the head, in one statement (one snapshot): following from
        // the head then misses nothing and repeats nothing.
        this.latest = "SELECT " + position + ", type, event, head FROM (SELECT DISTINCT ON (type) " + position
                + ", type, event, max(" + position + ") OVER () AS head FROM " + table
                + " WHERE session_id = ? ORDER BY type, " + position + " DESC) latest ORDER BY " + position;
    }

    /** The events after {@code position}, in order, at most one page. */
    List<FeedEntry> after(String sessionId, long position) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(after)) {
            q.setString(1, sessionId);
            q.setLong(2, position);
            List<FeedEntry> entries = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    entries.add(new FeedEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return entries;
        }
    }

    /**
     * Where a resume after {@code position} starts so that it replays at most {@code most} events: {@code position}
     * itself when no more follow it, else the position before the latest {@code most} (the older ones are skipped).
     */
    long replayStart(String sessionId, long position, int most) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(replayStart)) {
            q.setString(1, sessionId);
            q.setLong(2, position);
            q.setInt(3, most);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : position;
            }
        }
    }

    Snapshot latest(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(latest)) {
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
}
