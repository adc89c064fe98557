-- The console's feed: everything a clinician watches about a session (readings, check-ins,
-- prompts, alert changes, lifecycle moves), in the order it was committed. position comes from
-- console_position, whose row lock serialises a session's writers, so positions grow in commit
-- order and serve as SSE ids.
CREATE TABLE console_position (
    session_id text   PRIMARY KEY,
    last       bigint NOT NULL
);

CREATE TABLE console_feed (
    session_id text        NOT NULL,
    position   bigint      NOT NULL,
    event_id   uuid        NOT NULL UNIQUE,
    type       text        NOT NULL,
    event      text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (session_id, position)
);

-- Alerts as the console shows them: the latest snapshot from alerts.events, and whom they reached.
CREATE TABLE console_alert (
    alert_id   uuid        PRIMARY KEY,
    session_id text        NOT NULL,
    status     text        NOT NULL,
    version    bigint      NOT NULL,
    snapshot   text        NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX console_alert_by_session ON console_alert (session_id) WHERE status <> 'RESOLVED';

CREATE TABLE console_alert_recipient (
    alert_id  uuid NOT NULL,
    recipient text NOT NULL,
    PRIMARY KEY (alert_id, recipient)
);
