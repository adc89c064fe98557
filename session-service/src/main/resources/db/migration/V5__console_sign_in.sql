-- Every console sign-in, failure, lockout and sign-out: the audit trail, and what the lockout counts.
CREATE TABLE console_sign_in (
    id       bigserial   PRIMARY KEY,
    at       timestamptz NOT NULL,
    username text        NOT NULL,
    address  text        NOT NULL,
    outcome  text        NOT NULL
);

CREATE INDEX console_sign_in_by_user ON console_sign_in (username, at);
CREATE INDEX console_sign_in_by_address ON console_sign_in (address, at);

-- Console tokens ended by signing out before their exp; kept until then.
CREATE TABLE revoked_console_token (
    jti        text        PRIMARY KEY,
    subject    text        NOT NULL,
    expires_at timestamptz NOT NULL
);
