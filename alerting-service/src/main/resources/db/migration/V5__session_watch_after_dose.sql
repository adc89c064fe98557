-- A dosed session aborted early (ENDED_EARLY) is still watched for device silence: the partial
-- index covers every state of SessionStates.AFTER_DOSE.
DROP INDEX session_watch_monitoring;
CREATE INDEX session_watch_after_dose ON session_watch (state) WHERE state IN ('DOSED', 'ENDED_EARLY', 'MONITORING');
