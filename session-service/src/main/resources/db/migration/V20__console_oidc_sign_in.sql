-- A console sign-in through the clinic's OIDC provider between the redirect there and the way back: the state the
-- browser must bring back, the nonce the ID token must carry, and the PKCE verifier. Used once, and only for minutes.
CREATE TABLE console_oidc_sign_in (
    state         text        PRIMARY KEY,
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,
    redirect_uri  text        NOT NULL,
    started_at    timestamptz NOT NULL
);

CREATE INDEX console_oidc_sign_in_by_start ON console_oidc_sign_in (started_at);
