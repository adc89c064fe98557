-- Events written in the same transaction as the change they describe, then relayed to Kafka.
-- A service that publishes through the outbox adds db/outbox to quarkus.flyway.locations.
CREATE TABLE outbox_event (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    event_type   text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);

CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
