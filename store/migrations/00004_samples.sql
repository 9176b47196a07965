-- Food samples (留样), menus and accompanied meals (陪餐).

-- +goose Up
CREATE TABLE menus (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    day        date NOT NULL,
    meal       text NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    dishes     text[] NOT NULL CHECK (cardinality(dishes) > 0),
    updated_at timestamptz NOT NULL,
    UNIQUE (school_id, day, meal)
);

-- One batch is the samples of one meal logged at once; a meal may have
-- more than one (a dish sampled later is logged as a supplement).
CREATE TABLE sample_batches (
    id               bigserial PRIMARY KEY,
    school_id        bigint NOT NULL REFERENCES schools (id),
    day              date NOT NULL,
    meal             text NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    staff_id         bigint NOT NULL REFERENCES staff (id),
    fridge_c         numeric(4, 1) NOT NULL CHECK (fridge_c BETWEEN -30 AND 60),
    photo            text NOT NULL DEFAULT '',
    stored_at        timestamptz NOT NULL,
    dispose_after    timestamptz NOT NULL CHECK (dispose_after > stored_at),
    violation        text NOT NULL DEFAULT '',
    violation_reason text NOT NULL DEFAULT '',
    missing_dishes   text[] NOT NULL DEFAULT '{}',
    disposed_at      timestamptz,
    disposed_by      bigint REFERENCES staff (id),
    CHECK ((disposed_at IS NULL) = (disposed_by IS NULL)),
    -- The retention rule holds whatever the code does.
    CHECK (disposed_at IS NULL OR disposed_at >= dispose_after),
    -- A violation is never recorded without its reason.
    CHECK (violation = '' OR violation_reason <> '')
);
CREATE INDEX sample_batches_day_idx ON sample_batches (school_id, day, meal);
CREATE INDEX sample_batches_due_idx ON sample_batches (school_id, dispose_after) WHERE disposed_at IS NULL;

CREATE TABLE sample_items (
    batch_id  bigint NOT NULL REFERENCES sample_batches (id),
    school_id bigint NOT NULL REFERENCES schools (id),
    pos       int NOT NULL,
    dish      text NOT NULL CHECK (dish <> ''),
    grams     int NOT NULL CHECK (grams BETWEEN 1 AND 5000),
    PRIMARY KEY (batch_id, pos)
);

-- Meals that had no sample record by their deadline, for the digest.
CREATE TABLE sample_missing (
    school_id   bigint NOT NULL REFERENCES schools (id),
    day         date NOT NULL,
    meal        text NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (school_id, day, meal)
);

CREATE TABLE accompanied_meals (
    id          bigserial PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools (id),
    day         date NOT NULL,
    meal        text NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    staff_id    bigint NOT NULL REFERENCES staff (id),
    dishes      text[] NOT NULL DEFAULT '{}',
    taste       int NOT NULL CHECK (taste BETWEEN 1 AND 5),
    portion     int NOT NULL CHECK (portion BETWEEN 1 AND 5),
    hygiene     int NOT NULL CHECK (hygiene BETWEEN 1 AND 5),
    note        text NOT NULL DEFAULT '',
    photo       text NOT NULL DEFAULT '',
    issue       boolean NOT NULL DEFAULT false,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX accompanied_meals_day_idx ON accompanied_meals (school_id, day, meal);

-- +goose Down
DROP TABLE accompanied_meals, sample_missing, sample_items, sample_batches, menus;
