-- 巡查 · 隐患排查: check plans with their items, the checks done (or
-- missed) in each window, the hazards found and their rectification, the
-- per-level deadlines, and the equipment register (灭火器 ...).

-- +goose Up
CREATE TABLE inspection_plans (
    id              bigserial PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools (id),
    name            text NOT NULL CHECK (name <> ''),
    schedule        text NOT NULL CHECK (schedule <> ''),   -- inspection.Schedule.String()
    assign_kind     text NOT NULL CHECK (assign_kind IN ('person', 'role', 'owner')),
    assign_staff_id bigint REFERENCES staff (id),
    assign_role     text NOT NULL DEFAULT '',
    equipment       text NOT NULL DEFAULT '',
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (school_id, name),
    CHECK ((assign_kind = 'person') = (assign_staff_id IS NOT NULL)),
    CHECK ((assign_kind = 'role') = (assign_role <> ''))
);

CREATE TABLE inspection_items (
    plan_id     bigint NOT NULL REFERENCES inspection_plans (id) ON DELETE CASCADE,
    school_id   bigint NOT NULL REFERENCES schools (id),
    seq         int NOT NULL CHECK (seq > 0),
    text        text NOT NULL CHECK (text <> ''),
    place       text NOT NULL DEFAULT '',
    location_id bigint REFERENCES locations (id),
    PRIMARY KEY (plan_id, seq)
);

-- One check per plan, window and place (a room for plans done by each
-- room's owner, none otherwise). A window nobody finished is a row too,
-- with status 'missed': missed checks are facts, written once.
CREATE TABLE inspection_checks (
    id           bigserial PRIMARY KEY,
    school_id    bigint NOT NULL REFERENCES schools (id),
    plan_id      bigint NOT NULL REFERENCES inspection_plans (id),
    window_key   text NOT NULL,
    opens        timestamptz NOT NULL,
    closes       timestamptz NOT NULL CHECK (closes >= opens),
    location_id  bigint REFERENCES locations (id),
    inspector_id bigint REFERENCES staff (id),
    status       text NOT NULL CHECK (status IN ('open', 'done', 'missed')),
    started_at   timestamptz,
    done_at      timestamptz,
    updated_at   timestamptz NOT NULL,
    CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE UNIQUE INDEX inspection_checks_window_idx ON inspection_checks (plan_id, window_key, coalesce(location_id, 0));
CREATE INDEX inspection_checks_closes_idx ON inspection_checks (school_id, closes);
CREATE INDEX inspection_checks_open_idx ON inspection_checks (school_id) WHERE status = 'open';

CREATE TABLE hazard_counters (
    school_id bigint NOT NULL REFERENCES schools (id),
    day       date NOT NULL,
    n         int NOT NULL,
    PRIMARY KEY (school_id, day)
);

CREATE TABLE hazards (
    id             bigserial PRIMARY KEY,
    school_id      bigint NOT NULL REFERENCES schools (id),
    ref            text NOT NULL,
    check_id       bigint REFERENCES inspection_checks (id),
    item_seq       int NOT NULL DEFAULT 0,
    location_id    bigint REFERENCES locations (id),
    place          text NOT NULL DEFAULT '',
    description    text NOT NULL CHECK (description <> ''),
    photo          text NOT NULL DEFAULT '',
    level          text NOT NULL CHECK (level IN ('general', 'major', 'serious', 'urgent')),
    status         text NOT NULL CHECK (status IN ('open', 'fixed', 'closed')),
    finder_id      bigint NOT NULL REFERENCES staff (id),
    responsible_id bigint NOT NULL REFERENCES staff (id),
    repair_id      bigint REFERENCES repairs (id),
    found_at       timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    fixed_at       timestamptz,
    fixed_by       bigint REFERENCES staff (id),
    fix_photo      text NOT NULL DEFAULT '',
    fix_note       text NOT NULL DEFAULT '',
    rechecked_at   timestamptz,
    rechecked_by   bigint REFERENCES staff (id),
    recheck_note   text NOT NULL DEFAULT '',
    reopens        int NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL,
    UNIQUE (school_id, ref),
    -- 整改完成 needs its time; a closed hazard was re-checked.
    CHECK (status = 'open' OR fixed_at IS NOT NULL),
    CHECK (status <> 'closed' OR rechecked_at IS NOT NULL)
);
CREATE INDEX hazards_waiting_idx ON hazards (school_id, due_at) WHERE status <> 'closed';
CREATE INDEX hazards_found_idx ON hazards (school_id, found_at);
CREATE INDEX hazards_finder_idx ON hazards (finder_id, status);
CREATE INDEX hazards_responsible_idx ON hazards (responsible_id, status);

CREATE TABLE inspection_results (
    check_id  bigint NOT NULL REFERENCES inspection_checks (id),
    school_id bigint NOT NULL REFERENCES schools (id),
    seq       int NOT NULL CHECK (seq > 0),
    item      text NOT NULL,
    ok        boolean NOT NULL,
    hazard_id bigint REFERENCES hazards (id),
    PRIMARY KEY (check_id, seq),
    CHECK (ok = (hazard_id IS NULL))
);

-- The audit trail: one row per change, with actor (null = the scheduler).
CREATE TABLE hazard_events (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools (id),
    hazard_id   bigint NOT NULL REFERENCES hazards (id),
    at          timestamptz NOT NULL,
    actor_id    bigint REFERENCES staff (id),
    kind        text NOT NULL,
    from_status text NOT NULL DEFAULT '',
    to_status   text NOT NULL DEFAULT '',
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX hazard_events_hazard_idx ON hazard_events (hazard_id, at);

-- A school's rectification deadline per level, in hours after the
-- finding; a level without a row is 整改不留宿 (the same day).
CREATE TABLE hazard_rules (
    school_id bigint NOT NULL REFERENCES schools (id),
    level     text NOT NULL CHECK (level IN ('general', 'major', 'serious', 'urgent')),
    due_hours int NOT NULL CHECK (due_hours BETWEEN 1 AND 2160),
    PRIMARY KEY (school_id, level)
);

CREATE TABLE equipment (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools (id),
    kind        text NOT NULL CHECK (kind <> ''),
    code        text NOT NULL CHECK (code <> ''),
    location_id bigint REFERENCES locations (id),
    place       text NOT NULL DEFAULT '',
    expires     date,
    active      boolean NOT NULL DEFAULT true,
    UNIQUE (school_id, kind, code)
);
CREATE INDEX equipment_expires_idx ON equipment (school_id, expires) WHERE active;

-- The hazard state machine, enforced here so that no code path can skip it
-- (inspection.CanMove is the same table).
-- +goose StatementBegin
CREATE FUNCTION hazard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        IF OLD.status = 'closed' AND (NEW.responsible_id <> OLD.responsible_id OR NEW.due_at <> OLD.due_at) THEN
            RAISE EXCEPTION 'hazard % is closed', OLD.ref USING ERRCODE = 'HQ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
        (OLD.status = 'open'  AND NEW.status = 'fixed') OR
        (OLD.status = 'fixed' AND NEW.status IN ('closed', 'open'))
    ) THEN
        RAISE EXCEPTION 'hazard %: % -> % is not allowed', OLD.ref, OLD.status, NEW.status USING ERRCODE = 'HQ001';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER hazard_transition BEFORE UPDATE ON hazards
    FOR EACH ROW EXECUTE FUNCTION hazard_transition();

-- +goose Down
DROP TABLE equipment, hazard_rules, hazard_events, inspection_results, hazards, hazard_counters,
    inspection_checks, inspection_items, inspection_plans;
DROP FUNCTION hazard_transition();
