-- Samples moved to another fridge after they were logged (user test 16:
-- the sample fridge showed 12℃ and the cook moved the samples to one at
-- 4℃). The temperature read when a batch was stored is what the 留样记录
-- shows an inspector, so it is never rewritten: the move is recorded
-- beside it, its time, the new fridge's temperature and who said so (the
-- latest move of the batch).

-- +goose Up
ALTER TABLE sample_batches
    ADD COLUMN moved_c  numeric(4, 1) CHECK (moved_c BETWEEN -30 AND 60),
    ADD COLUMN moved_at timestamptz,
    ADD COLUMN moved_by bigint REFERENCES staff (id),
    ADD CONSTRAINT sample_batches_moved_check CHECK ((moved_c IS NULL) = (moved_at IS NULL) AND (moved_at IS NULL) = (moved_by IS NULL));

-- +goose Down
ALTER TABLE sample_batches DROP CONSTRAINT sample_batches_moved_check,
    DROP COLUMN moved_by, DROP COLUMN moved_at, DROP COLUMN moved_c;
