-- session-service's device-signing keys (public parts, from sessions.device-keys): device tokens
-- naming one of these kids are verified with that key.
CREATE TABLE device_key (
    kid          text        PRIMARY KEY,
    n            text        NOT NULL,
    e            text        NOT NULL,
    published_at timestamptz NOT NULL
);
