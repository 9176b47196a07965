-- The nonces of signed channel callbacks (WeChat's timestamp + nonce),
-- kept while a request bearing one could still pass the callback's
-- timestamp check, so that every houqin instance refuses a second use.
-- fingerprint is a keyed hash of the message the nonce first carried (never
-- the message itself): WeChat's own retry of that message carries the same
-- nonce and the same fingerprint, a replay of the nonce with another body
-- does not. No school_id: a nonce belongs to the channel account and is
-- checked before anyone knows whose message it is.

-- +goose Up
CREATE TABLE callback_nonces (
    channel     text NOT NULL,
    nonce       text NOT NULL,
    fingerprint text NOT NULL,
    signed_at   timestamptz NOT NULL,
    PRIMARY KEY (channel, nonce)
);
CREATE INDEX callback_nonces_signed_idx ON callback_nonces (signed_at);

-- +goose Down
DROP TABLE callback_nonces;
