-- Where a person's next message will probably file a repair: written with
-- the session by the turn that reads a report back (「请核对」, see
-- repair.RouteHinter), cleared by every other session write. When the next
-- message reads as assent (「1」, 「好」; flows.AssentExpecter), the claim
-- reads that place's open repairs and the route candidates with the
-- session (store/conversation.go), so a confirmation is one statement
-- shorter. A hint is only a guess: it changes no answer (the reads are
-- used only when they match what the turn asks, and only under the
-- session's guard) and names no person. hint_location is null without a
-- hint; a place deleted since costs only the reads.
--
-- Three nullable columns and a default: no table rewrite.

-- +goose Up
ALTER TABLE sessions
	ADD COLUMN hint_location bigint,
	ADD COLUMN hint_trade text NOT NULL DEFAULT '',
	ADD COLUMN hint_building text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN hint_location, DROP COLUMN hint_trade, DROP COLUMN hint_building;
