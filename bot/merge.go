package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

// Notices of one kind that pile up for one person are sent as one message
// (user test 29, R27: 陈主任 opened his chat to some twenty notices, four of
// them 【地点表缺少地点】 and several 【未留样提醒】). The merge happens at
// send time, inside one lease: the rows stay as they were queued, one per
// notice, and each is settled with the outcome of the one message that
// carried it, so none is lost or sent twice more than before (a worker
// that dies mid-send leaves that one message's rows in doubt, as it left
// one row). Creation-time merging could not see notices queued by
// different messages or ticks, which is how they pile up.
//
// Only rows that would reach the same account (personal, same channel and
// address) as the same kind, with the same link, merge. A row with buttons
// merges only when its text says what to type instead (回复「…」): the
// merged message carries no buttons, since a typed number answers only the
// latest notice's (flows.Tx.LatestNotice), and a button lost that way is a
// convenience, never the only way to act.

// maxMergedRunes bounds a merged message's text, well inside the smallest
// channel limit (Telegram's 4096 characters).
const maxMergedRunes = 3000

// mergeable reports whether it may be sent within a merged message.
func mergeable(it flows.OutboxItem) bool {
	if it.IsGroup || it.Address == "" || it.Kind == KindDeliveryFailed {
		return false
	}
	return len(it.Buttons) == 0 || strings.Contains(it.Text, "回复「")
}

// sameAccount reports whether a and b would be merged: the same kind for
// the same account, with the same link.
func sameAccount(a, b flows.OutboxItem) bool {
	return a.Channel == b.Channel && a.Address == b.Address && a.Kind == b.Kind && a.Link == b.Link && a.ToStaff == b.ToStaff
}

// groupItems splits a lease's rows into the messages to send, in the
// order of each message's first row: a mergeable row joins the first
// earlier group of the same account and kind while the text stays within
// maxMergedRunes; any other row is a message of its own.
func groupItems(items []flows.OutboxItem) [][]flows.OutboxItem {
	var groups [][]flows.OutboxItem
	size := map[int]int{}
	for _, it := range items {
		joined := false
		if mergeable(it) {
			for g := range groups {
				first := groups[g][0]
				if mergeable(first) && sameAccount(first, it) && size[g]+utf8.RuneCountInString(it.Text) <= maxMergedRunes {
					groups[g] = append(groups[g], it)
					size[g] += utf8.RuneCountInString(it.Text)
					joined = true
					break
				}
			}
		}
		if !joined {
			size[len(groups)] = utf8.RuneCountInString(it.Text)
			groups = append(groups, []flows.OutboxItem{it})
		}
	}
	return groups
}

// merged is the one message that carries a group's rows: the first row
// with every row's text, in the order queued, and no buttons.
func merged(group []flows.OutboxItem) flows.OutboxItem {
	if len(group) == 1 {
		return group[0]
	}
	out := group[0]
	texts := make([]string, len(group))
	for i, it := range group {
		texts[i] = it.Text
	}
	out.Text = fmt.Sprintf("（%d 条同类通知，合在一起发送）\n\n%s", len(group), strings.Join(texts, "\n\n"))
	out.Buttons = nil
	return out
}
