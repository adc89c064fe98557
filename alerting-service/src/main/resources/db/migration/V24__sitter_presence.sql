-- Where each session's sitter is, as their app last said (the change that happened last wins, whatever order the
-- changes arrive in): the timed checks warn when the sitter stays out while the patient is monitored.
CREATE TABLE sitter_presence (
    session_id  text        PRIMARY KEY,
    present     boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX sitter_presence_out ON sitter_presence (session_id) WHERE NOT present;
