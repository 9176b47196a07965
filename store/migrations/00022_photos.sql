-- Photos people send (issue 14): a chat's media reference lives days at
-- most (a WeChat MediaId expires after 3), so each image is fetched as soon
-- as it arrives and kept here, re-encoded (which drops EXIF, location
-- included) and deduplicated per school by the SHA-256 of what is stored.
-- media maps a channel's reference (the MediaId, the Telegram file_id a
-- repair keeps in photo / done_photo) to the stored photo, and is the
-- fetch queue: pending rows are claimed like the outbox's.

-- +goose Up
CREATE TABLE photos (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    sha256     text NOT NULL,
    mime       text NOT NULL,
    width      int NOT NULL,
    height     int NOT NULL,
    data       bytea NOT NULL CHECK (octet_length(data) <= 8388608),
    created_at timestamptz NOT NULL,
    UNIQUE (school_id, sha256)
);

CREATE TABLE media (
    channel     text NOT NULL,
    ref         text NOT NULL,
    school_id   bigint NOT NULL REFERENCES schools (id),
    received_at timestamptz NOT NULL,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'failed')),
    attempts    int NOT NULL DEFAULT 0,
    next_at     timestamptz NOT NULL,
    lease_until timestamptz,
    photo_id    bigint REFERENCES photos (id),
    last_error  text NOT NULL DEFAULT '',
    PRIMARY KEY (channel, ref),
    CHECK ((status = 'stored') = (photo_id IS NOT NULL))
);
CREATE INDEX media_due_idx ON media (next_at) WHERE status = 'pending';
CREATE INDEX media_school_ref_idx ON media (school_id, ref);

-- +goose Down
DROP TABLE media;
DROP TABLE photos;
