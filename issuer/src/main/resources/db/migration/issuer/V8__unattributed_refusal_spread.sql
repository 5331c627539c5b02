-- Spreads each minute of unattributed refusals (V7) over 16 rows: a refusal adds to one of its
-- minute's rows, picked at random, and the minute's count is their sum. Under a flood of unknown IDs
-- the refusals no longer all update one row and queue on its lock; each still costs one durable
-- write. Still a fixed table (60 minutes x 16 rows), whatever IDs are sent. Counts so far are kept.
CREATE TABLE unattributed_refusal_part (
    slot         INTEGER NOT NULL,
    part         INTEGER NOT NULL,
    minute_start BIGINT  NOT NULL,
    refusals     BIGINT  NOT NULL,
    PRIMARY KEY (slot, part)
);
INSERT INTO unattributed_refusal_part (slot, part, minute_start, refusals)
SELECT r.slot, p.part, CASE WHEN p.part = 0 THEN r.minute_start ELSE 0 END, CASE WHEN p.part = 0 THEN r.refusals ELSE 0 END
FROM unattributed_refusal r CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15)) AS p (part);
DROP TABLE unattributed_refusal;
ALTER TABLE unattributed_refusal_part RENAME TO unattributed_refusal;
