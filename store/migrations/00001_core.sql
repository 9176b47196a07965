-- Core tables: schools, the staff directory, chat bindings, the engine's
-- conversation state, the outbox and the scheduler's claims.
--
-- Every table about a school carries school_id. The few that are about a
-- chat account before anyone knows its school (inbound, bind_failures) or
-- are channel-wide (kv, cards) say so.

-- +goose Up
CREATE TABLE schools (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    timezone   text NOT NULL DEFAULT 'Asia/Shanghai',
    settings   jsonb NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    name       text NOT NULL CHECK (name <> ''),
    initials   text NOT NULL DEFAULT '',  -- pinyin initials, e.g. lls for 李老师
    roles      text[] NOT NULL CHECK (cardinality(roles) > 0),
    trades     text[] NOT NULL DEFAULT '{}',
    phone      text NOT NULL DEFAULT '',
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (school_id, id)
);
CREATE INDEX staff_school_idx ON staff (school_id) WHERE active;

CREATE TABLE locations (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    building   text NOT NULL DEFAULT '',
    floor      text NOT NULL DEFAULT '',
    room       text NOT NULL CHECK (room <> ''),
    aliases    text[] NOT NULL DEFAULT '{}',
    owner_id   bigint REFERENCES staff (id),
    active     boolean NOT NULL DEFAULT true,
    UNIQUE (school_id, building, room)
);

-- A chat account bound to a staff member.
CREATE TABLE identities (
    channel     text NOT NULL,
    external_id text NOT NULL,
    school_id   bigint NOT NULL REFERENCES schools (id),
    staff_id    bigint NOT NULL REFERENCES staff (id),
    bound_at    timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX identities_staff_idx ON identities (staff_id);

-- One-time binding codes; only a hash of the code is stored.
CREATE TABLE bind_codes (
    code_hash  text PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    staff_id   bigint NOT NULL REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    used_by    text
);

-- Failed binding attempts per chat account (no school is known yet), for throttling.
CREATE TABLE bind_failures (
    channel     text NOT NULL,
    external_id text NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX bind_failures_idx ON bind_failures (channel, external_id, at);

-- One row per inbound message: the dedup key and the replies it produced.
-- school_id is null for people not yet bound.
CREATE TABLE inbound (
    channel     text NOT NULL,
    dedup_key   text NOT NULL,
    school_id   bigint REFERENCES schools (id),
    received_at timestamptz NOT NULL,
    replies     jsonb,
    PRIMARY KEY (channel, dedup_key)
);
CREATE INDEX inbound_received_idx ON inbound (received_at);

CREATE TABLE sessions (
    channel     text NOT NULL,
    external_id text NOT NULL,
    school_id   bigint NOT NULL REFERENCES schools (id),
    staff_id    bigint NOT NULL REFERENCES staff (id),
    flow        text NOT NULL DEFAULT '',
    state       text NOT NULL DEFAULT '',
    data        jsonb NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (channel, external_id)
);

-- Group chats a school named for a purpose (maintenance, gate, canteen).
CREATE TABLE chat_groups (
    school_id bigint NOT NULL REFERENCES schools (id),
    channel   text NOT NULL,
    chat_id   text NOT NULL,
    purpose   text NOT NULL,
    PRIMARY KEY (channel, chat_id, purpose)
);
CREATE INDEX chat_groups_school_idx ON chat_groups (school_id, purpose);

-- Notifications waiting for delivery, and their history.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools (id),
    to_staff    bigint REFERENCES staff (id),
    channel     text NOT NULL DEFAULT '',  -- set for group rows; staff rows resolve at delivery
    chat_id     text NOT NULL DEFAULT '',
    kind        text NOT NULL,
    ref         text NOT NULL DEFAULT '',
    body        text NOT NULL,
    buttons     jsonb NOT NULL DEFAULT '[]',
    link        text NOT NULL DEFAULT '',
    origin      bigint REFERENCES staff (id),
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    int NOT NULL DEFAULT 0,
    next_at     timestamptz NOT NULL,
    last_error  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    CHECK ((to_staff IS NULL) <> (chat_id = ''))
);
CREATE INDEX outbox_due_idx ON outbox (next_at) WHERE status = 'pending';
CREATE INDEX outbox_school_idx ON outbox (school_id, created_at);

-- Messages posted as cards in group chats, to edit them in place (channel-wide).
CREATE TABLE cards (
    channel    text NOT NULL,
    chat_id    text NOT NULL,
    ref        text NOT NULL,
    message_id text NOT NULL,
    PRIMARY KEY (channel, chat_id, ref)
);

-- Units of time-driven work, claimed once across instances and restarts.
CREATE TABLE job_claims (
    key        text PRIMARY KEY,
    claimed_at timestamptz NOT NULL
);

-- Small shared values with expiry, e.g. the WeChat access token (channel-wide).
CREATE TABLE kv (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    expires_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE kv, job_claims, cards, outbox, chat_groups, sessions, inbound,
    bind_failures, bind_codes, identities, locations, staff, schools;
