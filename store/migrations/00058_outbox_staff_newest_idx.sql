-- The newest personal notification to a person since their last message,
-- with buttons or without (store/conversation.go newestNoticeSQL): a
-- message nobody understood may answer one that has no buttons, a
-- colleague's words passed on (【领导交代】, 【同事留言】), and is passed
-- back to whoever said them (user test 31's T21: 王师傅's 「好的 明天一早就
-- 搬」 to 陈主任's order was not understood). 00037's index holds only the
-- rows with buttons; this one holds every personal row, in the same
-- (to_staff, id) order, so the read is a few buffers however large the
-- outbox. It is read only for a message no flow understood.
--
-- Building the index reads the outbox once; writes to it wait meanwhile.

-- +goose Up
CREATE INDEX outbox_staff_newest_idx ON outbox (to_staff, id) WHERE to_staff IS NOT NULL;

-- +goose Down
DROP INDEX outbox_staff_newest_idx;
