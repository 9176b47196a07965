package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// deliveredThingsRE is a clause of a worker's words telling furniture or
// supplies brought: 桌子也搬过去两张了, 椅子送到了, 两张桌子搬过去了.
var deliveredThingsRE = rx.MustCompile(`[^\s，,。；;！!]*` + requestThings + `[^\s，,。；;！!]{0,4}?(?:搬|送|拿|抬|补)(?:过去|过来|到|齐|好|上)?[^\s，,。；;！!]{0,4}?了`)

// tellRequestDone passes on to the 总务主任 the words of a worker, said as
// he finished r, that tell things brought (a request is the 总务主任's:
// request.go), and returns the words to add to the reply, or "". The
// re-typing of user test 33 (new problem 3) had 王师傅's 「钟换了电池 好了
// 桌子也搬过去两张了」 reach only the teacher: 陈主任, who had the desks to
// arrange, was never told.
func tellRequestDone(t *flows.Turn, r Repair, fix string) (string, error) {
	said := deliveredThingsRE.FindString(fix)
	if said == "" {
		return "", nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil || len(heads) != 1 || heads[0].ID == t.Staff.ID || heads[0].ID == r.ReporterID {
		return "", err
	}
	if _, err := flows.PassOn(t, heads[0], r.LocationName+"："+strings.TrimSpace(said)); err != nil {
		return "", err
	}
	return fmt.Sprintf("，「%s」也已转告%s", said, heads[0].Name), nil
}
