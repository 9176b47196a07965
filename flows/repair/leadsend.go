package repair

import "regexp"

// A worker sent by a leader to do a thing, said as what he is to do
// rather than as 修 or 弄: user test 18's 总务主任, at an urgent job 王师傅
// had bounced to him, 「302玻璃那个 王师傅不在 让孙师傅先去把碎玻璃清了 用板子
// 挡一下」, which started a new urgent report (F46) where 「302玻璃让孙师傅
// 去弄」 had given him the job.

// sendToDoRE is a worker sent to do a thing: 让孙师傅先去把碎玻璃清了, 叫周
// 师傅马上过去把总阀关了, 让孙师傅赶紧去拉闸. The worker's name is the
// group; the words after it are the instruction (instructionSaid).
var sendToDoRE = regexp.MustCompile(`(?:让|叫|请|找)\s*(\p{Han}{1,3}?(?:师傅|老师|工))\s*(?:先|马上|赶紧|赶快|现在|立刻|今天)*\s*(?:去|过去|来|过来)(?:一趟)?\s*(?:先|马上|赶紧)?\s*` +
	`(?:把|拉|关|清|扫|收拾|封|挡|拦|围|换|装|拆|拿|看看|瞧瞧|处理|维修|修理|弄|修)`)

// sentToDo is the worker a leader sends to do a thing (sendToDoRE), or "".
func sentToDo(text string) string {
	if m := sendToDoRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}
