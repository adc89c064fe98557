-- Pages alerting sent to a person's live screens (notification.sent on channel sse), until that person's console
-- shows one and answers for it (its delivery receipt goes back to alerting on alerts.commands).
CREATE TABLE console_page (
    notification_id uuid        PRIMARY KEY,
    alert_id        uuid        NOT NULL,
    session_id      text        NOT NULL,
    recipient       text        NOT NULL,
    kind            text        NOT NULL,
    sent_at         timestamptz NOT NULL,
    answered_at     timestamptz
);
CREATE INDEX console_page_unanswered ON console_page (recipient, sent_at) WHERE answered_at IS NULL;
