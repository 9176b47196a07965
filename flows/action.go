package flows

import (
	"strconv"
	"strings"
)

// Action is what a notification button does: Prefix names the capability
// that owns it (the Actor), Verb what to do, ID the item, and Args any
// further choice (a rating, a number of days). Its String form is the
// button data, "prefix:verb:id[:arg...]", at most 64 bytes (Telegram's
// limit), and it arrives back from the channel untrusted: Telegram clients
// can send any callback data, so ParseAction accepts only the exact form and
// every Actor re-checks who may act on the item.
type Action struct {
	Prefix string
	Verb   string
	ID     int64
	Args   []string
}

// MaxActionData is the longest button data a channel carries (Telegram).
const MaxActionData = 64

// String encodes a as button data.
func (a Action) String() string {
	var b strings.Builder
	b.WriteString(a.Prefix)
	b.WriteByte(':')
	b.WriteString(a.Verb)
	b.WriteByte(':')
	b.WriteString(strconv.FormatInt(a.ID, 10))
	for _, x := range a.Args {
		b.WriteByte(':')
		b.WriteString(x)
	}
	return b.String()
}

// ParseAction decodes button data "prefix:verb:id[:arg...]". ok is false
// for anything else (an old or forged button): empty parts, an id that is
// not a positive decimal number, or data longer than MaxActionData. The
// caller then answers ExpiredButton.
func ParseAction(data string) (a Action, ok bool) {
	if len(data) > MaxActionData {
		return Action{}, false
	}
	parts := strings.Split(data, ":")
	if len(parts) < 3 || parts[0] == "" || parts[1] == "" {
		return Action{}, false
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != parts[2] {
		return Action{}, false
	}
	a = Action{Prefix: parts[0], Verb: parts[1], ID: id}
	if len(parts) > 3 {
		a.Args = parts[3:]
	}
	return a, true
}

// Arg returns the i-th argument, or "" when there is none.
func (a Action) Arg(i int) string {
	if i < len(a.Args) {
		return a.Args[i]
	}
	return ""
}

// Ref names an item for notifications and group cards ("repair:42"): a
// group's card for the item is edited in place rather than posted again.
func Ref(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }
