package repair

import (
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A worker sent by a leader to do a thing, said as what he is to do
// rather than as 修 or 弄: user test 18's 总务主任, at an urgent job 王师傅
// had bounced to him, 「302玻璃那个 王师傅不在 让孙师傅先去把碎玻璃清了 用板子
// 挡一下」, which started a new urgent report (F46) where 「302玻璃让孙师傅
// 去弄」 had given him the job.

// sendToDoRE is a worker sent to do a thing: 让孙师傅先去把碎玻璃清了, 叫周
// 师傅马上过去把总阀关了, 让孙师傅赶紧去拉闸. The worker's name is the
// group; the words after it are the instruction (instructionSaid).
var sendToDoRE = rx.MustCompile(`(?:让|叫|请|找)\s*(\p{Han}{1,3}?(?:师傅|老师|工))\s*(?:先|马上|赶紧|赶快|现在|立刻|今天)*\s*(?:去|过去|来|过来)(?:一趟)?\s*(?:先|马上|赶紧)?\s*` +
	`(?:把|拉|关|清|扫|收拾|封|挡|拦|围|换|装|拆|拿|看看|瞧瞧|处理|维修|修理|弄|修)`)

// sentToDo is the worker a leader sends to do a thing (sendToDoRE), or "".
func sentToDo(text string) string {
	if m := sendToDoRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// whoGoesRE is a leader asking who is to do a job, the worker it has
// being away or busy: 围墙那个紧急的谁去弄, 303的灯派谁去修, 这活让谁干
// (user test 18's 分管领导: 「王师傅请假了 围墙那个紧急的谁去弄」, not
// understood). Not a question of who has it (谁在弄, placeask.go).
var whoGoesRE = rx.MustCompile(`(?:谁|哪个师傅|哪位师傅)(?:能|可以|有空)?(?:去|来|过去)(?:弄|修|处理|看|干|搞|管)|派(?:谁|哪个师傅|哪位师傅)|(?:让|叫|找)(?:谁|哪个师傅|哪位师傅)(?:去|来)?(?:弄|修|处理|看|干|搞)|换谁|改派给谁`)

// askWhoArg is 处理's argument when the leader asked who is to do the
// job: whom to is asked straight away.
const askWhoArg = "who"

// askWhoGoes asks a leader to whom r goes, the workers of its trade
// first, as 处理's 改派 does.
func askWhoGoes(t *flows.Turn, r Repair) error {
	buttons, err := workerButtons(t, r)
	if err != nil {
		return err
	}
	t.Say(leadSummary(t, r)+"\n改派给谁？\n"+flows.Numbered(buttons), buttons...)
	return ask(t, stateLeadWorker, followUpData{ID: r.ID, Choice: string(decisionReassign)})
}
