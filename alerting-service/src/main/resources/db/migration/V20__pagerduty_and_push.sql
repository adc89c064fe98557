-- A browser (console or on-call view) that a person let us page by Web Push: the PushSubscription it gave
-- (RFC 8030 endpoint, RFC 8291 keys). A push service answering 404 or 410 for it removes it.
CREATE TABLE push_subscription (
    id         uuid        PRIMARY KEY,
    staff_id   text        NOT NULL,
    endpoint   text        NOT NULL UNIQUE,
    p256dh     text        NOT NULL,
    auth       text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX push_subscription_by_staff ON push_subscription (staff_id);

-- An acknowledgement or resolution made here, to be told to PagerDuty (Events API v2): queued in the transaction that
-- acknowledged or resolved the alert, sent after it commits. One PagerDuty incident per round of the alert's
-- escalation (dedup key <alert id>:<round>), so a late event about an earlier round cannot touch the live one.
CREATE TABLE pagerduty_update (
    alert_id        uuid        NOT NULL REFERENCES alert (id),
    round           integer     NOT NULL,
    action          text        NOT NULL CHECK (action IN ('acknowledge', 'resolve')),
    status          text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    PRIMARY KEY (alert_id, round, action)
);
CREATE INDEX pagerduty_update_due ON pagerduty_update (next_attempt_at) WHERE status = 'PENDING';

-- Every signed v3 webhook event taken, by PagerDuty's event id: a replay of one changes nothing. What it did is kept
-- beside it (acknowledged, resolved, unchanged, ignored, refused) with why.
CREATE TABLE pagerduty_webhook_event (
    event_id     text        PRIMARY KEY,
    event_type   text        NOT NULL,
    incident_key text,
    occurred_at  timestamptz,
    received_at  timestamptz NOT NULL,
    outcome      text        NOT NULL,
    detail       text
);
CREATE INDEX pagerduty_webhook_event_by_key ON pagerduty_webhook_event (incident_key);
