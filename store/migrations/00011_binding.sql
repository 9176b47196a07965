-- Binding: codes can be revoked (`houqin staff invite --revoke`), and a
-- failed attempt remembers the school it named, for the per-school limit:
-- the school of a used, expired or revoked code, or of the account that
-- sent it when the account is bound; null for a wrong code from an account
-- nobody has bound, which names no school. The global limit counts every
-- failure in the last minutes, hence the index on at alone.

-- +goose Up
ALTER TABLE bind_codes ADD COLUMN revoked_at timestamptz;
CREATE INDEX bind_codes_staff_idx ON bind_codes (staff_id) WHERE used_at IS NULL AND revoked_at IS NULL;

ALTER TABLE bind_failures ADD COLUMN school_id bigint REFERENCES schools (id);
CREATE INDEX bind_failures_at_idx ON bind_failures (at);
CREATE INDEX bind_failures_school_idx ON bind_failures (school_id, at) WHERE school_id IS NOT NULL;

-- +goose Down
DROP INDEX bind_failures_school_idx, bind_failures_at_idx, bind_codes_staff_idx;
ALTER TABLE bind_failures DROP COLUMN school_id;
ALTER TABLE bind_codes DROP COLUMN revoked_at;
