-- Outbox events the broker refused for good (too large, not serializable, an invalid topic): moved
-- here by the relay with the broker's error, so one such event cannot stop the events behind it.
-- Nothing here is sent; an operator reads the error, fixes the cause and, if the event still matters,
-- moves the row back into outbox_event. Repeatable and idempotent rather than versioned: db/outbox is
-- shared by several services whose own versions (V1, V2, ...) are already past any V0_x on existing
-- databases, where Flyway would refuse a new lower version.
CREATE TABLE IF NOT EXISTS outbox_parked (
    id          bigint      PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    event_type  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    parked_at   timestamptz NOT NULL,
    error       text        NOT NULL
);
