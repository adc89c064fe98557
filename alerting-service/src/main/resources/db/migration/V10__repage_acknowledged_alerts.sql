-- Re-pages of acknowledged alerts. An alert's escalation round (the round of its timers and notifications)
-- moves on when it is reopened, as before, and also when it is paged again after its acknowledgement.
ALTER TABLE alert ADD COLUMN escalation_round integer NOT NULL DEFAULT 0;
UPDATE alert SET escalation_round = reopenings;
-- The role the acknowledger acted in, to page them again in it.
ALTER TABLE alert ADD COLUMN acknowledged_role text;
-- A timer that fires while the alert is acknowledged (the re-page when it is not resolved in time, and the
-- escalation after it); the others fire only while it is open.
ALTER TABLE escalation_timer ADD COLUMN while_acknowledged boolean NOT NULL DEFAULT false;
-- Why a notification was sent (raised, not acknowledged, worse since acknowledged, not resolved in time).
ALTER TABLE notification ADD COLUMN reason text;
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('PAGE', 'UPDATE', 'ESCALATION', 'REPAGE'));
