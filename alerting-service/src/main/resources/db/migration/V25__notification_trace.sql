-- The trace a notification was queued in (W3C traceparent): the page's delivery continues it, so that one
-- reading's trace runs from the device's POST to the page. Null when tracing is off or nothing traced queued it.
ALTER TABLE notification ADD COLUMN trace_parent text;
