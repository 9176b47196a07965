-- The gate log (来访登记): visits with their audit trail, and the school's
-- watch list.
--
-- Personal data (个人信息保护法): the ID number is never stored in plain
-- text. id_cipher holds it sealed with AES-256-GCM (flows.IDVault), id_hash
-- a keyed HMAC for matching, id_masked what people see. After the
-- school's retention period the scheduler purges name, phone, plate and
-- the ID (purged_at is set), keeping counts and masked data for the ledger.

-- +goose Up
CREATE TABLE visits (
    id              bigserial PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools (id),
    guard_id        bigint NOT NULL REFERENCES staff (id),
    name            text NOT NULL,
    id_type         text NOT NULL CHECK (id_type IN ('resident', 'passport', 'hkmo', 'tw', 'other')),
    id_cipher       bytea,
    id_hash         text NOT NULL DEFAULT '',
    id_masked       text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    org             text NOT NULL DEFAULT '',
    purpose         text NOT NULL,
    purpose_note    text NOT NULL DEFAULT '',
    host_id         bigint NOT NULL REFERENCES staff (id),
    plate           text NOT NULL DEFAULT '',
    party           int NOT NULL DEFAULT 1 CHECK (party BETWEEN 1 AND 200),
    status          text NOT NULL CHECK (status IN ('waiting', 'admitted', 'rejected', 'left')),
    arrived_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    decided_by      bigint REFERENCES staff (id),
    decision        text NOT NULL DEFAULT '',
    left_at         timestamptz,
    inside_at_close boolean NOT NULL DEFAULT false,
    watch_note      text NOT NULL DEFAULT '',
    purged_at       timestamptz,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX visits_open_idx ON visits (school_id, arrived_at) WHERE status IN ('waiting', 'admitted');
CREATE INDEX visits_arrived_idx ON visits (school_id, arrived_at);
CREATE INDEX visits_hash_idx ON visits (school_id, id_hash) WHERE id_hash <> '';
CREATE INDEX visits_phone_idx ON visits (school_id, phone) WHERE phone <> '';
CREATE INDEX visits_purge_idx ON visits (school_id, arrived_at) WHERE purged_at IS NULL;

CREATE TABLE visit_events (
    id        bigserial PRIMARY KEY,
    school_id bigint NOT NULL REFERENCES schools (id),
    visit_id  bigint NOT NULL REFERENCES visits (id),
    at        timestamptz NOT NULL,
    actor_id  bigint REFERENCES staff (id),  -- null: the scheduler
    kind      text NOT NULL,
    note      text NOT NULL DEFAULT ''
);
CREATE INDEX visit_events_visit_idx ON visit_events (visit_id, at);
CREATE INDEX visit_events_school_idx ON visit_events (school_id, at);

-- The state machine: a visit waits, then is admitted or rejected, and an
-- admitted (or still waiting) visitor leaves. Nothing comes back.
-- +goose StatementBegin
CREATE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR
       (OLD.status = 'waiting'  AND NEW.status IN ('admitted', 'rejected', 'left')) OR
       (OLD.status = 'admitted' AND NEW.status = 'left') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'visit %: % -> % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'HQ001';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER visit_transition BEFORE UPDATE OF status ON visits
    FOR EACH ROW EXECUTE FUNCTION visit_transition();

-- The watch list. An ID number is kept only as its keyed hash (value is
-- then ''); phones and names are kept as typed, since matching needs them.
CREATE TABLE watch_list (
    id        bigserial PRIMARY KEY,
    school_id bigint NOT NULL REFERENCES schools (id),
    kind      text NOT NULL CHECK (kind IN ('id', 'phone', 'name')),
    value     text NOT NULL DEFAULT '',
    hash      text NOT NULL DEFAULT '',
    masked    text NOT NULL,
    note      text NOT NULL CHECK (note <> ''),
    added_at  timestamptz NOT NULL,
    CHECK ((kind = 'id') = (hash <> '' AND value = ''))
);
CREATE UNIQUE INDEX watch_list_entry_idx ON watch_list (school_id, kind, value, hash);

-- +goose Down
DROP TABLE watch_list, visit_events, visits;
DROP FUNCTION visit_transition();
