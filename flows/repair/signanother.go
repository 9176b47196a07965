package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// signsOffAnother reports whether the words typed at the optional comment
// on r sign off, by name, another repair awaiting the writer's sign-off:
// 「门锁也好了 3分 锁有点涩」 after the computer's rating is the lock's
// sign-off, its score and its remark, not a word on the computer (user
// test 18's F23). Words naming nothing, or r's own thing, stay r's
// comment.
func signsOffAnother(t *flows.Turn, r Repair) bool {
	s, ok := readSignOffWords(t, t.Text)
	if !ok || !s.named || len(s.chosen) == 0 {
		return false
	}
	return !slices.ContainsFunc(s.chosen, func(o Repair) bool { return o.ID == r.ID }) && nameStrength(strings.ToLower(parse.Normalize(t.Text)), r) < 2
}
