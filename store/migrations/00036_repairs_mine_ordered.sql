-- 「我的」 (repair.Store.RepairsOf) at the cost of its limit: a person's open
-- repairs read in deadline order, so the read stops after the first 20
-- however many the person has open (00012's indexes gave every open one,
-- to be sorted: a worker with a backlog, or the bench's teachers, paid for
-- all of them on every 「我的」). The recently closed ones keep a range on
-- closed_at. Partial indexes hold each row once, as the full ones did: an
-- open repair in the first pair, a closed one in the second.
--
-- On a district's year (about 330,000 repairs) each index takes about a
-- second to build, during which repairs are not written.

-- +goose Up
CREATE INDEX repairs_reporter_open_idx ON repairs (school_id, reporter_id, due_at, id)
    WHERE status IN ('assigned', 'accepted', 'blocked', 'deferred', 'done');
CREATE INDEX repairs_worker_open_idx ON repairs (school_id, worker_id, due_at, id)
    WHERE status IN ('assigned', 'accepted', 'blocked', 'deferred', 'done');
CREATE INDEX repairs_reporter_closed_idx ON repairs (school_id, reporter_id, closed_at)
    WHERE status IN ('closed', 'cancelled');
CREATE INDEX repairs_worker_closed_idx ON repairs (school_id, worker_id, closed_at)
    WHERE status IN ('closed', 'cancelled');
DROP INDEX repairs_reporter_mine_idx, repairs_worker_mine_idx;

-- +goose Down
CREATE INDEX repairs_reporter_mine_idx ON repairs (school_id, reporter_id, status, closed_at);
CREATE INDEX repairs_worker_mine_idx ON repairs (school_id, worker_id, status, closed_at);
DROP INDEX repairs_worker_closed_idx, repairs_reporter_closed_idx, repairs_worker_open_idx, repairs_reporter_open_idx;
