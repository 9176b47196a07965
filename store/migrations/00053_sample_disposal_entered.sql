-- A disposal told late: user test 26's cook said 「上个月20号那两份留样早倒了
-- 忘了说」 and the 留样记录 said the samples were disposed of that day, at
-- the moment she said it. disposed_at is still when the samples were
-- disposed of, as well as it is known; disposal_entered_at is when a
-- disposal told late was entered (NULL: entered as it was done), and
-- disposal_said the time of disposal as the cook said it (11月22日下午),
-- '' when she said none, so the ledger shows what was said, not a moment
-- houqin made up.

-- +goose Up
ALTER TABLE sample_batches ADD COLUMN disposal_entered_at timestamptz;
ALTER TABLE sample_batches ADD COLUMN disposal_said text NOT NULL DEFAULT '';
ALTER TABLE sample_batches ADD CHECK (disposal_entered_at IS NULL OR (disposed_at IS NOT NULL AND disposal_entered_at >= disposed_at));

-- +goose Down
ALTER TABLE sample_batches DROP COLUMN disposal_said;
ALTER TABLE sample_batches DROP COLUMN disposal_entered_at;
