-- Typed buttons (flows/offer.go): the buttons of the last reply a person
-- was shown, so that a typed 「1」 or 「5分」 is that button; and the outbox
-- position when the session was last saved, so that a personal
-- notification queued after the person's last message is the offer their
-- typed choice refers to.

-- +goose Up
ALTER TABLE sessions
    ADD COLUMN offer jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN notice_mark bigint NOT NULL DEFAULT 0;
CREATE INDEX outbox_staff_notice_idx ON outbox (to_staff, id) WHERE to_staff IS NOT NULL;

-- +goose Down
DROP INDEX outbox_staff_notice_idx;
ALTER TABLE sessions DROP COLUMN offer, DROP COLUMN notice_mark;
