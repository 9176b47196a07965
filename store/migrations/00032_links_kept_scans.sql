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

-- One message of a chat account that is not bound yet, kept for the engine
-- to handle right after the account binds (flows.KeptMessages): a scanned
-- 扫码报修 code, so that the report goes on at the scanned place without a
-- second scan. Kept for flows.KeepUnboundFor (30 minutes) after kept_at,
-- taken (deleted) by the binding, pruned by the next message kept.
CREATE TABLE kept_messages (
    channel     text NOT NULL,
    external_id text NOT NULL,
    text        text NOT NULL,
    kept_at     timestamptz NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX kept_messages_at_idx ON kept_messages (kept_at);

-- +goose Down
DROP TABLE kept_messages;
DROP TABLE link_nonces;
