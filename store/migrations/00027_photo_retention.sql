-- Photos, the rest of the way (issue 14): a stored photo is deleted when its
-- school's photo_retention_days have passed since it arrived (an
-- incremental job, bot/media.Retention). Its media row stays, 'purged', so
-- that the job page can say the photo was deleted rather than lost.

-- +goose Up
ALTER TABLE media DROP CONSTRAINT media_status_check;
ALTER TABLE media ADD CONSTRAINT media_status_check CHECK (status IN ('pending', 'stored', 'failed', 'purged'));
-- The purge walks a school's stored photos by age ...
CREATE INDEX media_stored_age_idx ON media (school_id, received_at) WHERE status = 'stored';
-- ... and deletes a photo once no media row points to it.
CREATE INDEX media_photo_idx ON media (photo_id) WHERE photo_id IS NOT NULL;

-- +goose Down
DROP INDEX media_photo_idx;
DROP INDEX media_stored_age_idx;
UPDATE media SET status = 'failed', last_error = 'purged' WHERE status = 'purged';
ALTER TABLE media DROP CONSTRAINT media_status_check;
ALTER TABLE media ADD CONSTRAINT media_status_check CHECK (status IN ('pending', 'stored', 'failed'));
