// Package flows is houqin's domain: the types (School, Staff, Location,
// Repair, Visit, Sample ...), the rules (deadline policy, validation), the
// conversation engine and every chat flow.
//
// flows is pure Go: it never speaks SQL or HTTP. It declares the small
// interfaces it needs (Store, Tx) and package store implements them on
// PostgreSQL; the channel adapters under bot/ turn chat payloads into
// Messages and render Replies.
package flows
