-- A provider's receipt that came before we had recorded the provider's id for the message (its callback raced the
-- commit of our hand-over): kept here and applied when the id is recorded. Kept a day at most; one per outcome.
CREATE TABLE early_receipt (
    channel      text        NOT NULL,
    provider_ref text        NOT NULL,
    delivered    boolean     NOT NULL,
    note         text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (channel, provider_ref, delivered)
);
CREATE INDEX early_receipt_by_age ON early_receipt (received_at);
