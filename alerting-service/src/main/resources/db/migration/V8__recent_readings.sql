-- Each session's recent readings per device stream (RecentReadings.State as JSON): what the rules need to
-- tell a value that lasted from a passing dip, and a late reading from a new one. Bounded in the domain
-- (about the last 2 minutes per stream); written in the transaction that evaluates the readings.
CREATE TABLE recent_readings (
    session_id text        PRIMARY KEY,
    state      text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- A finding from a reading measured a minute or more before it was judged (a backlog, a late retry):
-- how many minutes; null when fresh.
ALTER TABLE alert ADD COLUMN measured_minutes_ago bigint;
