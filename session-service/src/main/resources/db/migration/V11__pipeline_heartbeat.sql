-- Each service instance's latest heartbeat (platform.heartbeats), for the console's pipeline banner: when it was
-- heard (session-service's clock, never later than the heartbeat says it was sent), the lag it reported, and
-- since when that lag has been over the limit (null while under it).
CREATE TABLE pipeline_heartbeat (
    service              text        NOT NULL,
    instance             text        NOT NULL,
    heard_at             timestamptz NOT NULL,
    lag_seconds          double precision,
    behind_since         timestamptz,
    PRIMARY KEY (service, instance)
);
