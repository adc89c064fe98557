-- When a repeat measurement confirmed the alert's finding (a crisis still there on the cuff's retest): the
-- confirmation is paged once, as its own notification.
ALTER TABLE alert ADD COLUMN confirmed_at timestamptz;

-- A notification is one kind of message (a page, an escalation, a re-page, a confirmation) for one step of a
-- round: a confirmation to the person already paged at that step is a second notification, not a repeat.
ALTER TABLE notification DROP CONSTRAINT notification_alert_id_round_step_channel_recipient_key;
ALTER TABLE notification ADD CONSTRAINT notification_once_per_kind UNIQUE (alert_id, round, step, kind, channel, recipient);

-- A session's kept readings go when its monitoring ends.
DELETE FROM recent_readings r WHERE EXISTS (
    SELECT 1 FROM session_watch s WHERE s.session_id = r.session_id AND s.state IN ('COMPLETED', 'ABORTED', 'CANCELLED', 'HANDED_OVER'));

ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('PAGE', 'UPDATE', 'ESCALATION', 'REPAGE', 'CONFIRMED'));
