-- alerting's Web Push application server key as its latest heartbeat carried it (null: push not set up there), for
-- the console's "Get pages on this device".
ALTER TABLE pipeline_heartbeat ADD COLUMN web_push_key text;
