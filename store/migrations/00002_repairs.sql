-- Repairs: routing table, duty roster, the repairs themselves with their
-- followers and the audit trail of every transition.

-- +goose Up
CREATE TABLE routes (
    id        bigserial PRIMARY KEY,
    school_id bigint NOT NULL REFERENCES schools (id),
    trade     text NOT NULL,
    building  text NOT NULL DEFAULT '',   -- '' matches every building
    worker_id bigint NOT NULL REFERENCES staff (id),
    priority  int NOT NULL DEFAULT 1,     -- lower first; equal priority → least loaded
    active    boolean NOT NULL DEFAULT true,
    UNIQUE (school_id, trade, building, worker_id)
);

-- Who is on duty when (nights, weekends, holidays); overrides routes.
CREATE TABLE duty_roster (
    id        bigserial PRIMARY KEY,
    school_id bigint NOT NULL REFERENCES schools (id),
    staff_id  bigint NOT NULL REFERENCES staff (id),
    trade     text NOT NULL DEFAULT '',   -- '' covers every trade
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    note      text NOT NULL DEFAULT ''
);
CREATE INDEX duty_roster_idx ON duty_roster (school_id, starts_at, ends_at);

CREATE TABLE repair_counters (
    school_id bigint NOT NULL REFERENCES schools (id),
    day       date NOT NULL,
    n         int NOT NULL,
    PRIMARY KEY (school_id, day)
);

CREATE TABLE repairs (
    id             bigserial PRIMARY KEY,
    school_id      bigint NOT NULL REFERENCES schools (id),
    ref            text NOT NULL,
    reporter_id    bigint NOT NULL REFERENCES staff (id),
    location_id    bigint NOT NULL REFERENCES locations (id),
    trade          text NOT NULL,
    item           text NOT NULL DEFAULT '',
    description    text NOT NULL CHECK (description <> ''),
    photo          text NOT NULL DEFAULT '',
    large          boolean NOT NULL DEFAULT false,
    status         text NOT NULL CHECK (status IN ('assigned', 'accepted', 'blocked', 'deferred', 'done', 'closed', 'cancelled')),
    worker_id      bigint REFERENCES staff (id),
    route_reason   text NOT NULL DEFAULT '',
    reported_at    timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    accepted_at    timestamptz,
    done_at        timestamptz,
    closed_at      timestamptz,
    done_photo     text NOT NULL DEFAULT '',
    cause          text NOT NULL DEFAULT '' CHECK (cause IN ('', 'wear', 'damage')),
    damage_note    text NOT NULL DEFAULT '',
    blocked_reason text NOT NULL DEFAULT '',
    recommendation text NOT NULL DEFAULT '',
    decision       text NOT NULL DEFAULT '',
    reopens        int NOT NULL DEFAULT 0,
    rating         int CHECK (rating BETWEEN 1 AND 5),
    rating_comment text NOT NULL DEFAULT '',
    auto_confirmed boolean NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL,
    UNIQUE (school_id, ref)
);
CREATE INDEX repairs_open_idx ON repairs (school_id, due_at) WHERE status IN ('assigned', 'accepted', 'blocked', 'deferred');
CREATE INDEX repairs_done_idx ON repairs (done_at) WHERE status = 'done';
CREATE INDEX repairs_worker_idx ON repairs (worker_id, status);
CREATE INDEX repairs_reporter_idx ON repairs (reporter_id, status);
CREATE INDEX repairs_location_idx ON repairs (location_id, trade, status);
CREATE INDEX repairs_reported_idx ON repairs (school_id, reported_at);

CREATE TABLE repair_followers (
    school_id bigint NOT NULL REFERENCES schools (id),
    repair_id bigint NOT NULL REFERENCES repairs (id),
    staff_id  bigint NOT NULL REFERENCES staff (id),
    added_at  timestamptz NOT NULL,
    PRIMARY KEY (repair_id, staff_id)
);

-- The audit trail: one row per change, with actor (null = the scheduler).
CREATE TABLE repair_events (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools (id),
    repair_id   bigint NOT NULL REFERENCES repairs (id),
    at          timestamptz NOT NULL,
    actor_id    bigint REFERENCES staff (id),
    kind        text NOT NULL,
    from_status text NOT NULL DEFAULT '',
    to_status   text NOT NULL DEFAULT '',
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX repair_events_repair_idx ON repair_events (repair_id, at);
CREATE INDEX repair_events_school_idx ON repair_events (school_id, at);

-- The state machine, enforced here so that no code path can skip it.
-- +goose StatementBegin
CREATE FUNCTION repair_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        -- Reassignment (转派) keeps the status; a closed or cancelled
        -- repair is read-only apart from its rating.
        IF OLD.status IN ('closed', 'cancelled') AND (NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.due_at <> OLD.due_at) THEN
            RAISE EXCEPTION 'repair % is %', OLD.ref, OLD.status USING ERRCODE = 'HQ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
        (OLD.status = 'assigned' AND NEW.status IN ('accepted', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'accepted' AND NEW.status IN ('assigned', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'blocked'  AND NEW.status IN ('assigned', 'accepted', 'deferred', 'cancelled')) OR
        (OLD.status = 'deferred' AND NEW.status IN ('assigned', 'accepted', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'done'     AND NEW.status IN ('closed', 'assigned'))
    ) THEN
        RAISE EXCEPTION 'repair %: % -> % is not allowed', OLD.ref, OLD.status, NEW.status USING ERRCODE = 'HQ001';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER repair_transition BEFORE UPDATE ON repairs
    FOR EACH ROW EXECUTE FUNCTION repair_transition();

-- +goose Down
DROP TABLE repair_events, repair_followers, repairs, repair_counters, duty_roster, routes;
DROP FUNCTION repair_transition();
