-- Samples thrown away before their retention time (the thirteenth user
-- test: the cook says 「昨天的留样早倒了」 of samples not yet kept 48 hours).
-- Until now the schema refused any disposal before dispose_after, so
-- houqin could only answer 「请继续冷藏」 of samples already gone, and the
-- record kept showing them in the fridge. Such a disposal is recorded as
-- what it is: the real time, and disposed_early set, so the 留样记录 shows
-- it as a violation of the retention rule and the 总务主任 is told.
--
-- The retention CHECK stays for every other disposal: a disposal before
-- dispose_after must say it is early, and an early one must be before it.
-- The old CHECK had no name of its own; it is found by its definition.

-- +goose Up
ALTER TABLE sample_batches ADD COLUMN disposed_early boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
DO $$
DECLARE c text;
BEGIN
    SELECT conname INTO c FROM pg_constraint
     WHERE conrelid = 'sample_batches'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%disposed_at >= dispose_after%';
    EXECUTE format('ALTER TABLE sample_batches DROP CONSTRAINT %I', c);
END;
$$;
-- +goose StatementEnd

ALTER TABLE sample_batches ADD CONSTRAINT sample_batches_retention_check
    CHECK (disposed_at IS NULL OR (disposed_at >= dispose_after) <> disposed_early);

-- +goose Down
ALTER TABLE sample_batches DROP CONSTRAINT sample_batches_retention_check;
-- An early disposal cannot be kept by the old schema: it goes back to
-- not disposed of, as the old schema would have left it.
UPDATE sample_batches SET disposed_at = NULL, disposed_by = NULL WHERE disposed_early;
ALTER TABLE sample_batches ADD CHECK (disposed_at IS NULL OR disposed_at >= dispose_after);
ALTER TABLE sample_batches DROP COLUMN disposed_early;
