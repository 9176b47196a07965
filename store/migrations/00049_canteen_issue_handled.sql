-- A canteen issue's handling (the fifteenth user test: the 总务主任,
-- after a 【食堂问题】 from a leader's 陪餐, typed 「回锅肉太肥那个事我已经跟
-- 食堂说了，以后买瘦一点的肉，这个事处理完了」 and was thanked, nothing
-- recorded: a 陪餐 passed on as an issue had no state to close). The
-- 陪餐 record keeps what the 总务主任 said was done, who said it and when;
-- an issue is open while handled_at is NULL.

-- +goose Up
ALTER TABLE accompanied_meals
    ADD COLUMN handled_note text NOT NULL DEFAULT '',
    ADD COLUMN handled_by bigint REFERENCES staff (id),
    ADD COLUMN handled_at timestamptz,
    ADD CONSTRAINT accompanied_meals_handled_check
        CHECK ((handled_at IS NULL) = (handled_by IS NULL) AND (handled_at IS NULL OR issue));

-- +goose Down
ALTER TABLE accompanied_meals
    DROP CONSTRAINT accompanied_meals_handled_check,
    DROP COLUMN handled_at,
    DROP COLUMN handled_by,
    DROP COLUMN handled_note;
