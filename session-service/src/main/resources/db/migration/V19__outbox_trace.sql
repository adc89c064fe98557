-- The trace an outbox event was written in (W3C traceparent): the relay's send continues it, so that consumers
-- join the trace of the request or evaluation that produced the event. Null when tracing is off or nothing traced
-- wrote it (db/outbox is shared and versioned below every service's own migrations, so each service adds it).
ALTER TABLE outbox_event ADD COLUMN trace_parent text;
