-- Who read which session's patient data (alerts, readings on the console), and when; '*' for a list across sessions.
CREATE TABLE read_audit (
    id         bigserial   PRIMARY KEY,
    actor      text        NOT NULL,
    actor_role text        NOT NULL,
    action     text        NOT NULL,
    session_id text        NOT NULL,
    at         timestamptz NOT NULL
);

CREATE INDEX read_audit_by_session ON read_audit (session_id, at);
