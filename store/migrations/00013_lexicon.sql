-- A school's own words for reading free text (flows/lexicon): entries
-- added to the embedded defaults, per school, without code (houqin
-- lexicon add). kind and value are checked by the lexicon package when
-- an entry is added; the database keeps one row per (school, kind, word).

-- +goose Up
CREATE TABLE lexicon_entries (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    kind       text NOT NULL CHECK (kind <> ''),
    word       text NOT NULL CHECK (word <> ''),
    value      text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (school_id, kind, word)
);

-- +goose Down
DROP TABLE lexicon_entries;
