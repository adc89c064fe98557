-- What staff did or were refused, and when: 403 denials (with what they tried) and on-call override
-- deletions (with the override as it was, since the row itself is gone). No patient data: ids only.
CREATE TABLE action_audit (
    id         bigserial   PRIMARY KEY,
    actor      text        NOT NULL,
    actor_role text        NOT NULL,
    action     text        NOT NULL,
    target     text        NOT NULL,
    detail     text,
    at         timestamptz NOT NULL
);

CREATE INDEX action_audit_by_actor ON action_audit (actor, at);
