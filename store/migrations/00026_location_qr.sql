-- 扫码报修 (issue 14): one permanent QR code per location, printed and
-- posted in the room. token is the unguessable part of the scene a scan
-- sends back ("loc:" + token in a WeChat QR_LIMIT_STR_SCENE code, "loc_" +
-- token in a Telegram /start deep link): a scan names a location only
-- through this table, so a made-up scene names none. The official account's
-- ticket and the URL its QR code encodes are kept, so printing the sheet
-- again does not create new codes (an account may have 100,000 permanent
-- ones at most).

-- +goose Up
CREATE TABLE location_qr (
    location_id   bigint PRIMARY KEY REFERENCES locations (id),
    school_id     bigint NOT NULL REFERENCES schools (id),
    token         text NOT NULL UNIQUE CHECK (token ~ '^[a-z2-7]{16,40}$'),
    wechat_ticket text NOT NULL DEFAULT '',
    wechat_url    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE location_qr;
