-- The session's dosing address and local emergency number (a DosingAddress as JSON) with who confirmed the
-- patient is there and when, as session.changed carried them: what the emergency step of a CRITICAL
-- escalation shows in its page and on the alert. Null until session-service has one on file.
ALTER TABLE session_watch
    ADD COLUMN dosing_address       jsonb,
    ADD COLUMN address_confirmed_by text,
    ADD COLUMN address_confirmed_at timestamptz;
