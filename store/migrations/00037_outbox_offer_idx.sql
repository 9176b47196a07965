-- The latest notification with buttons sent to a person since their last
-- message (the offer a typed 「1」 answers; read with every message's
-- claim, store/conversation.go latestNoticeSQL), by an index of exactly
-- those rows. With 00016's index of every personal notification the
-- generic plan preferred walking the outbox's primary key backwards,
-- filtering on the person: for someone with no such notification (most
-- teachers) that read the whole outbox on every message: 78,622 buffers
-- and 37 ms on the bench's outbox of 80,000 rows, against 3 by the index.
-- The query now also orders by (to_staff, id), which only this index
-- gives, so the plan no longer depends on the estimates.
--
-- Building the index reads the outbox once; writes to it wait meanwhile.

-- +goose Up
CREATE INDEX outbox_staff_offer_idx ON outbox (to_staff, id) WHERE buttons <> '[]';
DROP INDEX outbox_staff_notice_idx;

-- +goose Down
CREATE INDEX outbox_staff_notice_idx ON outbox (to_staff, id) WHERE to_staff IS NOT NULL;
DROP INDEX outbox_staff_offer_idx;
