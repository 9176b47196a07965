package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// askFirstRE is a person going to ask someone before answering or acting,
// alone in a message: 等我问问, 我问问再说, 我先问一下, 等我问问厂家再说,
// 问一下王老师再回你. It asks nothing itself (问一下修好了吗 is a question,
// and askFirstSaid leaves it).
var askFirstRE = rx.MustCompile(`^(?:好的?|行|嗯|哦|那|ok)?[，,\s]*(?:等我|我先|我去|让我|我|先)?(?:去|先)?问(?:一?问|一下|下)(?:看|先)?(?:吧|啊|哈|哦)?[。！!~]*$` +
	`|^(?:好的?|行|嗯|哦|那|ok)?[，,\s]*(?:等我|我先|我去|让我|我|先)?(?:去|先)?问(?:一?问|一下|下)?\p{Han}{0,6}?(?:再说|再讲|再回复?你?|再告诉你|再定|再答复)(?:吧|啊|哈|哦)?[。！!~]*$`)

// askFirstSaid answers 等我问问 (askFirstRE), said with nothing asked of
// the writer: a short pause, acknowledged and nothing recorded. User test
// 18's worker, asked by the leader and the teacher about his job, got
// 「抱歉，我没有看懂」 with the menu.
func askFirstSaid(t *flows.Turn, text string) bool {
	if !t.Idle() || t.Msg.Button != "" {
		return false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if strings.ContainsAny(norm, "吗呢？?") || !askFirstRE.MatchString(norm) {
		return false
	}
	t.Say("好的，问清楚了再告诉我。")
	return true
}
