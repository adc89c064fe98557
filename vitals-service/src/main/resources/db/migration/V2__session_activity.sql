-- Which sessions may receive readings: a projection of sessions.lifecycle (session-service owns sessions).
CREATE TABLE session_activity (
    session_id    text        PRIMARY KEY,
    state         text        NOT NULL,
    checked_in_at timestamptz,
    updated_at    timestamptz NOT NULL
);

-- Devices revoked by session-service: their tokens are refused even before they expire.
CREATE TABLE revoked_device (
    device_id  text        PRIMARY KEY,
    session_id text        NOT NULL,
    revoked_at timestamptz NOT NULL
);

-- The clinician responsible for the session: only they (and admins) read its history.
ALTER TABLE session_activity ADD COLUMN clinician_id text;
