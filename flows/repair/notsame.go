package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter whose report was just merged into an open job says in her own
// words that it is another fault (不是一回事哦 那盏是不亮 我说的是讲台上面那根
// 一直在闪): the thirteenth user test's became a new report of the whole
// sentence, routed to carpentry by its 讲台. It is 「不是同一个问题」 of
// the job the merge offered it for: her report is split off into its own
// job, routed by what she first reported, with what she says now added.

// notSameRE is words saying two faults are not one: 不是一回事, 不是同一个,
// 两回事, 不是一个问题, 说的不是那个.
var notSameRE = rx.MustCompile(`不是一回事|不是同一个|不是同一|两回事|不是一个问题|不是一个东西|不是那个问题|不是那一个|不是那盏|不是那个|不一样`)

// meantRE leads the fault she means: 我说的是讲台上面那根一直在闪.
var meantRE = rx.MustCompile(`(?:我说的是|我报的是|我说的|我是说|说的是|我报的)[，,\s]*(\S[^。！!]*)`)

// notSameSaid is the 「不是同一个问题」 just offered to the writer, when her
// words say the faults are not one.
func notSameSaid(t *flows.Turn, text string) (string, bool) {
	if t.Msg.Button != "" || !notSameRE.MatchString(text) {
		return "", false
	}
	for _, b := range t.Replied() {
		if a, ok := flows.ParseAction(b.Data); ok && verb(a.Verb) == verbSplit {
			return b.Data, true
		}
	}
	return "", false
}

// meantFault is the fault a reporter says she means, in her words (讲台上
// 面那根一直在闪), or "".
func meantFault(text string) string {
	if m := meantRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		return strings.TrimRight(strings.TrimSpace(m[1]), "，,。.！!～~哦啊呀嘛噻")
	}
	return ""
}
