-- How each person is reached: an email address and a phone number (E.164) on file, and whether they take
-- the system's own alerts (a page not delivered, the pipeline stopped): the clinic's operators.
CREATE TABLE staff_contact (
    staff_id   text        PRIMARY KEY,
    email      text,
    phone      text,
    operator   boolean     NOT NULL DEFAULT false,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX staff_contact_operators ON staff_contact (staff_id) WHERE operator;

-- A notification is SENT when its channel took it (a provider accepted it, a screen was handed it) and
-- DELIVERED only on a receipt (the provider's delivery callback, the person's screen answering, an
-- acknowledgement). SKIPPED: not tried, because the step was delivered or acknowledged first, or the person
-- has no address for the channel. address: where the channel reaches the person (email, phone, staff id);
-- provider_ref: the provider's id for the message, which its callbacks name.
ALTER TABLE notification DROP CONSTRAINT notification_status_check;
ALTER TABLE notification ADD CONSTRAINT notification_status_check
    CHECK (status IN ('PENDING', 'SENT', 'DELIVERED', 'FAILED', 'SKIPPED'));
ALTER TABLE notification ADD COLUMN address text;
ALTER TABLE notification ADD COLUMN provider_ref text;
ALTER TABLE notification ADD COLUMN delivered_at timestamptz;
ALTER TABLE notification ADD COLUMN receipt text;
CREATE UNIQUE INDEX notification_by_provider_ref ON notification (channel, provider_ref) WHERE provider_ref IS NOT NULL;
-- Awaiting a receipt: the undelivered-pages sweep looks here.
CREATE INDEX notification_awaiting_receipt ON notification (alert_id) WHERE status IN ('PENDING', 'SENT');

-- Each step (of a round, kind and person) found not delivered, once: it raised the page-not-delivered alert.
CREATE TABLE undelivered_page (
    alert_id  uuid        NOT NULL REFERENCES alert (id),
    round     integer     NOT NULL,
    step      integer     NOT NULL,
    kind      text        NOT NULL,
    recipient text        NOT NULL,
    found_at  timestamptz NOT NULL,
    PRIMARY KEY (alert_id, round, step, kind, recipient)
);
