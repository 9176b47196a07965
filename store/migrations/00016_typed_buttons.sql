-- Typed buttons (flows/offer.go): the buttons of the last reply a person
-- was shown, so that a typed 「1」 or 「5分」 is that button; and the outbox
-- position when the session was last saved, so that a personal
-- notification queued after the person's last message is the offer their
-- typed choice refers to.

-- Visitors get a daily reference like repairs' (FK-20261129-001), whose
-- sequence is the number people type (「离校 1」) instead of the visit's id.
-- Visits registered before keep ref '' and are shown by id.

-- +goose Up
ALTER TABLE sessions
    ADD COLUMN offer jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN notice_mark bigint NOT NULL DEFAULT 0;
CREATE INDEX outbox_staff_notice_idx ON outbox (to_staff, id) WHERE to_staff IS NOT NULL;
ALTER TABLE visits ADD COLUMN ref text NOT NULL DEFAULT '';
CREATE TABLE visit_counters (
    school_id bigint NOT NULL REFERENCES schools (id),
    day       date NOT NULL,
    n         int NOT NULL,
    PRIMARY KEY (school_id, day)
);

-- +goose Down
DROP TABLE visit_counters;
ALTER TABLE visits DROP COLUMN ref;
DROP INDEX outbox_staff_notice_idx;
ALTER TABLE sessions DROP COLUMN offer, DROP COLUMN notice_mark;
