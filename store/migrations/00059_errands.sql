-- A leader's errand to a worker given in words (flows.Errand): 陈主任's
-- 「王师傅下午一点前往礼堂搬50把椅子」 in user test 32 (T31) was passed on
-- as a 【领导交代】 and had no record, so 王师傅's 「摆好了」 reached the
-- wrong person and 陈主任 could not ask after it. A row is who gave it, to
-- whom, the words and when; the worker's first answer; and, once he says
-- it is done, his words and the time (open while done_at is NULL).
--
-- Every read is the school's errands given within flows.ErrandLife
-- (ErrandsSince), newest first: errands_school_idx serves it.

-- +goose Up
CREATE TABLE errands (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    leader_id  bigint NOT NULL REFERENCES staff (id),
    worker_id  bigint NOT NULL REFERENCES staff (id),
    words      text NOT NULL,
    given_at   timestamptz NOT NULL,
    reply      text NOT NULL DEFAULT '',
    replied_at timestamptz,
    done_words text NOT NULL DEFAULT '',
    done_at    timestamptz
);
CREATE INDEX errands_school_idx ON errands (school_id, given_at DESC, id DESC);

-- +goose Down
DROP TABLE errands;
