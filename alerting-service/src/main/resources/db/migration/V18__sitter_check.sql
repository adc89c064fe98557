-- The sitter's direct "check on the patient now" SMS is a notification of its own kind.
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check
    CHECK (kind IN ('PAGE', 'UPDATE', 'ESCALATION', 'REPAGE', 'CONFIRMED', 'SITTER'));
