-- Sessions as alerting knows them from sessions.lifecycle: who is responsible, the plan's
-- thresholds (JSON), the pre-dose reading, and when the device last reported.
CREATE TABLE session_watch (
    session_id          text        PRIMARY KEY,
    patient_id          text,
    clinician_id        text,
    state               text,
    dosed_at            timestamptz,
    thresholds          text,
    pre_dose_systolic   integer,
    pre_dose_diastolic  integer,
    sitter              text,
    emergency_contact   text,
    last_reading_at     timestamptz,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX session_watch_monitoring ON session_watch (state) WHERE state IN ('DOSED', 'MONITORING');

-- Check-in prompts issued by vitals, until answered: the missed-check-in rule looks here.
CREATE TABLE prompt_watch (
    prompt_id   text        PRIMARY KEY,
    session_id  text        NOT NULL,
    respondent  text        NOT NULL,
    sequence    integer     NOT NULL,
    due_at      timestamptz NOT NULL,
    answered_at timestamptz
);
CREATE INDEX prompt_watch_unanswered ON prompt_watch (due_at) WHERE answered_at IS NULL;

ALTER TABLE alert ADD COLUMN patient_id text;
ALTER TABLE alert ADD COLUMN clinician_id text;
ALTER TABLE alert ADD COLUMN reopenings integer NOT NULL DEFAULT 0;
ALTER TABLE alert ADD COLUMN cleared_at timestamptz;
ALTER TABLE alert ADD COLUMN escalation_step integer NOT NULL DEFAULT 0;
CREATE INDEX alert_by_session ON alert (session_id, opened_at DESC);

-- Escalation policies per severity, as JSON steps; a severity without a row uses the defaults.
CREATE TABLE escalation_policy (
    severity   text        PRIMARY KEY CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    steps      text        NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Durable escalation timers (round: how often the alert was reopened, so a reopening escalates afresh): due times in the database, so a step that came due while the
-- service was down fires once after it starts; SKIP LOCKED gives each step to one replica.
CREATE TABLE escalation_timer (
    alert_id  uuid        NOT NULL REFERENCES alert (id),
    round     integer     NOT NULL,
    step      integer     NOT NULL,
    due_at    timestamptz NOT NULL,
    fired_at  timestamptz,
    cancelled boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (alert_id, round, step)
);
CREATE INDEX escalation_timer_due ON escalation_timer (due_at) WHERE fired_at IS NULL AND NOT cancelled;

-- Every notification of every alert, per channel and recipient, with its delivery attempts.
-- One row per (alert, round, step, channel, recipient): a step notifies each person once; a
-- reopened alert starts a new round of its escalation.
CREATE TABLE notification (
    id              uuid        PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alert (id),
    session_id      text        NOT NULL,
    round           integer     NOT NULL,
    step            integer     NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('PAGE', 'UPDATE', 'ESCALATION')),
    channel         text        NOT NULL,
    recipient       text        NOT NULL,
    recipient_role  text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    UNIQUE (alert_id, round, step, channel, recipient)
);
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_by_alert ON notification (alert_id, created_at);

-- On-call rotations by tier, and overrides that put someone else on call for a window.
CREATE TABLE oncall_rotation (
    id          text        PRIMARY KEY,
    tier        integer     NOT NULL CHECK (tier IN (1, 2)),
    members     text        NOT NULL,
    length_days integer     NOT NULL CHECK (length_days >= 1),
    handoff     time        NOT NULL,
    timezone    text        NOT NULL,
    starts_on   date        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE oncall_override (
    id         text        PRIMARY KEY,
    tier       integer     NOT NULL CHECK (tier IN (1, 2)),
    staff_id   text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason     text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL
);
