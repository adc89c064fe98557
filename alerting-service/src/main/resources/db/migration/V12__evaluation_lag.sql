-- How far behind vitals.observations each replica's evaluation is, reported as it takes each poll: the
-- timed checks judge a silent device or an unanswered prompt as of what has been evaluated, so that a
-- backlog on the topic is not taken for silence.
CREATE TABLE evaluation_lag (
    replica     text        PRIMARY KEY,
    behind_ms   bigint      NOT NULL,
    reported_at timestamptz NOT NULL
);
