-- One row per problem: a condition that persists updates its alert instead of raising another.
CREATE TABLE alert (
    id                uuid        PRIMARY KEY,
    session_id        text        NOT NULL,
    rule              text        NOT NULL,
    severity          text        NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    status            text        NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    summary           text        NOT NULL,
    first_value       text        NOT NULL,
    latest_value      text        NOT NULL,
    worst_value       text        NOT NULL,
    worst_measure     double precision NOT NULL,
    occurrences       integer     NOT NULL,
    opened_at         timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    acknowledged_by   text,
    acknowledged_at   timestamptz,
    acknowledgement   text,
    resolved_by       text,
    resolved_at       timestamptz,
    resolution        text,
    version           bigint      NOT NULL
);

-- At most one unresolved alert per (session, rule): the deduplication key.
CREATE UNIQUE INDEX alert_one_unresolved_per_session_rule ON alert (session_id, rule) WHERE status <> 'RESOLVED';
CREATE INDEX alert_by_status ON alert (status, opened_at DESC);

-- Events already evaluated: a redelivered reading changes nothing.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
