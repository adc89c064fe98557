-- Each replica says up to when (on the broker's clock) every record of its partitions of vitals.observations has
-- been evaluated, partition by partition, counting records still on the broker or waiting in the consumer: a
-- lag measured only from the records of each poll missed a partition that a poll left out.
DELETE FROM evaluation_lag;
ALTER TABLE evaluation_lag DROP COLUMN behind_ms;
ALTER TABLE evaluation_lag DROP COLUMN evaluating_since;
-- Null: the replica has no partitions, and holds nothing back.
ALTER TABLE evaluation_lag ADD COLUMN seen_up_to timestamptz;
