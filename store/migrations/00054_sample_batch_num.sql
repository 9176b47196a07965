-- The number people type for a sample batch (「已处理 1」). It was the
-- batch's place among its day's batches, so numbers restarted each day and
-- two samples still in the fridge could both be 编号 1 (user test 28's
-- N31: 12月3日午餐 编号 1 beside an undisposed 11月20日早餐 编号 1). A new
-- batch now takes the smallest number that no other batch of its day and
-- no batch not yet disposed of holds, so the number picks one sample in the
-- fridge. Batches stored before keep the number they had; NULL (a row
-- written without one) still reads as its place in its day.

-- +goose Up
ALTER TABLE sample_batches ADD COLUMN num integer CHECK (num > 0);
UPDATE sample_batches b SET num = (SELECT count(*) FROM sample_batches x
    WHERE x.school_id = b.school_id AND x.day = b.day AND x.id <= b.id);

-- +goose Down
ALTER TABLE sample_batches DROP COLUMN num;
