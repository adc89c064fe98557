-- Who a person signed in through the clinic's OIDC provider is here. OIDC Core §5.7: only (issuer, subject) names
-- a person at the provider for good; preferred_username may be changed or given to a new account. So the first
-- sign-in binds the subject to the staff id (the user name then), and every later one must bring both unchanged.
-- Both pairs are unique, so two first sign-ins at once cannot both bind (the loser's insert does nothing).
CREATE TABLE staff_identity (
    issuer             text        NOT NULL,
    subject            text        NOT NULL,
    staff_id           text        NOT NULL,
    first_signed_in_at timestamptz NOT NULL,
    last_signed_in_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject),
    CONSTRAINT staff_identity_one_subject_per_staff_id UNIQUE (issuer, staff_id)
);
