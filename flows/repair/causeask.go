package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
)

// causeQuestion asks the cause of a job its worker finishes. After 完成
// (typed or its button) it asks 「修好了吗？」 with it, as before; after his
// own words telling it done (user test 18's 「配电箱修好了 里面一根线皮破了…」,
// 「实验楼男厕水龙头换了个新阀芯 好了」, F25/F33/F37) that question read
// as doubting him, so only the cause is asked.
func causeQuestion(t *flows.Turn, r Repair) string {
	if t.Msg.Button != "" || strings.HasPrefix(strings.TrimSpace(t.Text), "完成") {
		return fmt.Sprintf("%s 修好了吗？请选择损坏原因（可先发一张修好后的照片）：\n%s", r.Ref, flows.Numbered(causeButtons))
	}
	return fmt.Sprintf("好的。%s（%s「%s」）的损坏原因是？（可先发一张修好后的照片）\n%s", r.Ref, r.Place(), jobWords(r, 12), flows.Numbered(causeButtons))
}
