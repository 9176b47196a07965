-- The nonces of per-person page links (web: Telegram and console links,
-- u + n + exp + sig) that have been opened. A link works once: its first
-- open sets the person's session cookie and records its nonce here; any
-- later open of the same link, in a browser without that person's
-- session, is refused. A row is kept until the link expires (after that
-- the signature check alone refuses the link), then pruned by the next
-- spend. No school_id: the nonce is random and checked before anything
-- else of the school is read.

-- +goose Up
CREATE TABLE link_nonces (
    nonce      text PRIMARY KEY,
    staff_id   bigint NOT NULL,
    spent_at   timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX link_nonces_expires_idx ON link_nonces (expires_at);

-- +goose Down
DROP TABLE link_nonces;
