-- Watch-list alerts raised at the gate (flows/visit WatchAlert): one row
-- each time a visitor being registered matched the watch list and the
-- leaders were told, registered or not. The fourteenth user test's 刘强
-- matched by his phone, the guard gave up the registration, and the day's
-- digest said 重点人员 0 次, as it counted only registered visits; the
-- leader who got the alert had no way to tell the guard what to do.
--
-- A row holds no personal data of the visitor (the visit, once registered,
-- does, and is purged by its own rule): who raised it, when, the visit
-- registered from it, and which leader's instruction the guard was given.

-- +goose Up
CREATE TABLE watch_alerts (
    id         bigserial PRIMARY KEY,
    school_id  bigint NOT NULL REFERENCES schools (id),
    guard_id   bigint NOT NULL REFERENCES staff (id),
    alerted_at timestamptz NOT NULL,
    visit_id   bigint REFERENCES visits (id),
    said_by    bigint REFERENCES staff (id),
    said_at    timestamptz
);
CREATE INDEX watch_alerts_school_idx ON watch_alerts (school_id, alerted_at);

-- +goose Down
DROP TABLE watch_alerts;
