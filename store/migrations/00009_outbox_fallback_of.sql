-- An undelivered notice (「通知未送达」) copies the whole text of the
-- notification that failed. fallback_of names that notification, so that
-- whatever later blanks the original (the visitor purge, after the school's
-- retention period) blanks its copies too, whenever and to whomever they
-- were queued.
--
-- Notices queued before this migration are linked to the failed row they
-- copy: same school and reference, queued before them, the one whose text
-- they end with, or else the latest (the original may have been blanked
-- already, by a purge that did not know its copies).

-- +goose Up
ALTER TABLE outbox ADD COLUMN fallback_of bigint REFERENCES outbox (id);
CREATE INDEX outbox_fallback_idx ON outbox (fallback_of) WHERE fallback_of IS NOT NULL;

UPDATE outbox f SET fallback_of = (
    SELECT o.id FROM outbox o
    WHERE o.school_id = f.school_id AND o.ref = f.ref AND o.id < f.id
      AND o.status = 'failed' AND o.kind <> 'delivery.failed'
    ORDER BY right(f.body, length(o.body)) = o.body DESC, o.id DESC
    LIMIT 1)
WHERE f.kind = 'delivery.failed' AND f.ref <> '';

-- +goose Down
DROP INDEX outbox_fallback_idx;
ALTER TABLE outbox DROP COLUMN fallback_of;
