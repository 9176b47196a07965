package repair

import (
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Jobs that are no damage. Not every job a worker finishes mends a broken
// thing: 「还要加两张桌子 帮忙搬两张过来」 asks for furniture moved, added or
// delivered, and asking 损坏原因（自然/人为） for it makes no sense and puts a
// 自然损坏 in the reporter's notice (user test 33's T23). The rule, kept
// small on purpose: a job is no damage when its description asks for
// things moved, added or brought (moveAskRE: 搬, 加, 添, 送, 挪, 借, 拿, 抬,
// 运 with a count or a 过来/过去) and says no fault at all (faultWordRE:
// 坏, 破, 裂, 断, 漏, 松, 掉, 不亮, 不走, 堵 …). Such a job is finished
// with no cause (the repairs table's empty cause), and the reporter is told
// it is 办好了 rather than 修好了（自然损坏）.

// moveAskRE is a description asking for things moved, added or brought:
// 加两张桌子, 搬两张过来, 送几把椅子, 帮忙挪一下柜子.
var moveAskRE = rx.MustCompile(`(?:搬|加|添|送|挪|借|拿|抬|运)(?:[一二两三四五六七八九十几\d]+\s*[张把个套台组只块]|过来|过去|走|到|一下)`)

// faultWordRE is a fault said in a description: 坏, 裂, 不亮, 漏水.
var faultWordRE = rx.MustCompile(`坏|破|裂|断|漏|松|掉|烂|歪|晃|卡|堵|锈|烧|冒烟|短路|跳闸|不(?:亮|走|转|通|热|凉|冷|响|动|出水|下水|能用|好使|灵)|没(?:电|水|声|反应)|失灵|故障`)

// notDamageJob reports whether r is a job that mends nothing (moving,
// adding or bringing furniture), whose finishing asks no 损坏原因.
func notDamageJob(r Repair) bool {
	d := parse.Normalize(r.Description)
	return moveAskRE.MatchString(d) && !faultWordRE.MatchString(d)
}

// deliveredRE is a worker's words telling things moved or brought, which
// finish a job of notDamageJob: 桌子也搬过去两张了, 椅子送到了, 搬好了.
var deliveredRE = rx.MustCompile(`(?:搬|送|挪|抬|运|拿|加)(?:过去|过来|到|好|上|完)了?|(?:搬|送|挪|抬|运|拿|加)了[一二两三四五六七八九十几\d]+\s*[张把个套台组只块]`)
