-- A message's last statement carries its COMMIT (store/lazybegin.go), so a
-- check that Go made after that statement, rolling the transaction back
-- when it failed, must fail the statement itself instead. hq_not_found
-- raises SQLSTATE HQ002 with its message; the store reads it as
-- flows.ErrNotFound.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION hq_not_found(what text) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', what USING ERRCODE = 'HQ002';
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION hq_not_found(text);
