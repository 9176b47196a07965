-- A photo sent with a worker's word on a job (说明, 进度): user test 18's
-- 「[图片]玻璃渣清完了 先用三合板钉上了 玻璃要等王师傅回来量尺寸再配」 lost its
-- photo, for only the report's and the finished work's photos had a
-- place. The event that keeps his words keeps the photo beside them (a
-- chat reference, as repairs.photo and repairs.done_photo are).

-- +goose Up
ALTER TABLE repair_events ADD COLUMN photo text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE repair_events DROP COLUMN photo;
