-- The meal calendar (校历): which meals a school serves on each weekday and
-- the dates that differ — holidays and closures (放假, no meals) and make-up
-- school days (调休上课, meals as on a school day). The missing-sample alert
-- and the digest read it; a school with no rows serves every meal of its
-- settings every day, as before.

-- +goose Up
CREATE TABLE meal_weekdays (
    school_id bigint NOT NULL REFERENCES schools (id),
    weekday   int NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Sunday (Go's time.Weekday)
    meals     text[] NOT NULL CHECK (meals <@ ARRAY['breakfast', 'lunch', 'dinner', 'snack']),
    PRIMARY KEY (school_id, weekday)
);

CREATE TABLE meal_days (
    school_id bigint NOT NULL REFERENCES schools (id),
    day       date NOT NULL,
    open      boolean NOT NULL,             -- false: closed (no meals); true: served
    meals     text[] NOT NULL DEFAULT '{}'  -- open with no meals listed: every meal of the school
              CHECK (meals <@ ARRAY['breakfast', 'lunch', 'dinner', 'snack']),
    reason    text NOT NULL DEFAULT '',
    PRIMARY KEY (school_id, day),
    CHECK (open OR cardinality(meals) = 0)
);

-- +goose Down
DROP TABLE meal_days, meal_weekdays;
