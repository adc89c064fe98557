-- The keys device tokens were signed with (public parts only): published on sessions.device-keys at
-- every start. A retired key may be forgotten by vitals once last_published_at + the device token
-- lifetime has passed.
CREATE TABLE device_signing_key (
    kid                text        PRIMARY KEY,
    jwk                text        NOT NULL,
    first_published_at timestamptz NOT NULL,
    last_published_at  timestamptz NOT NULL
);
