package repair

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter's first-sight words about a repair of hers still being
// mended, which no other reading took (the twentieth round of tests, a
// helper playing the demo school's teachers): who is coming
// (是哪个师傅来修？, 没看懂), the worker's phone number (没看懂), another
// worker asked for (没看懂), and a photo sent right after the report,
// which began a new one. Words she adds for the worker (补充一下 是靠窗
// 那排的灯, 注意别碰到投影仪, 能不能今天修好 明天要上公开课) are her 留言
// (reporterAddsRE, read with reporterTellsRE in typed).

// whoComesRE asks who mends it, or whether he came: 是哪个师傅来修, 谁来
// 修, 谁负责, 孙师傅来过了吗.
var whoComesRE = rx.MustCompile(`(?:来过|来看过|到过)(?:了)?(?:吗|没)|(?:师傅|人)(?:来了|到了)(?:吗|没)|(?:哪个|哪位|哪一位|谁)(?:师傅)?(?:来|去|负责|在)?(?:修|弄|搞|处理|负责|跟进)|是谁(?:来)?(?:修|弄)|派给(?:谁|哪个|哪位)|谁接(?:的|了)?单`)

// toWhomRE asks whom to go to with a fault, not who is coming to her
// job: 空调坏了找谁修, 这个归谁管 (a report, whose read-back says who mends
// it: dutyAnswer). 「空调坏了找谁修」 had been answered with the list of
// her open jobs.
var toWhomRE = rx.MustCompile(`找谁|归谁|找哪个|找哪位|该找|还是找`)

// blameAskedRE is 谁负责 asked of what could go wrong, not of who mends
// it: 锁不上出了事谁负责 (user test 27's K5), 丢了东西谁负责.
var blameAskedRE = rx.MustCompile(`(?:出了?|出点|有个?)(?:事|事情|问题|意外|三长两短)(?:了)?\p{Han}{0,2}?谁(?:来)?负(?:得起)?责|(?:丢|坏|伤)了?\p{Han}{0,4}?谁(?:来)?负(?:得起)?责`)

// phoneAskedRE asks for the worker's phone number.
var phoneAskedRE = rx.MustCompile(`(?:电话|手机号?|联系方式|微信号?)(?:是)?(?:多少|号码|给我|发我|有吗|有没有)|(?:师傅|他)的?(?:电话|手机|联系方式)`)

// otherWorkerRE asks for another worker: 能不能换个师傅.
var otherWorkerRE = rx.MustCompile(`换(?:个|一个|一位|位)?(?:师傅|人|别人)(?:来)?(?:修|弄)?`)

// reporterAddsRE is a reporter adding words for the worker of her repair:
// 补充一下 是靠窗那排的灯, 修的时候注意别碰到投影仪, 刚才报错地方了 是304,
// 能不能今天修好, 麻烦师傅明天早上8点前弄好, 师傅今天能来吗, 今天别来了
// 有考试, 我不在教室 师傅能进去吗.
var reporterAddsRE = rx.MustCompile(`^(?:补充|再补充|另外说一下|忘了说|忘说了|说明一下)|注意(?:别|不要|一下|点)|小心(?:别|不要|点)|(?:别|不要)(?:碰|弄坏|动到|碰到)|报错(?:了)?地方|地方报错|地点(?:报|写|填|选)错|(?:今天|明天|后天|上午|下午|早上|晚上|中午|现在|马上)(?:能|会|可以)(?:过)?来(?:吗|不|没)|(?:今天|明天|上午|下午|早上|晚上|中午|现在|这会儿?)(?:先)?(?:别|不要|不用)(?:过)?来|(?:能|可以)进(?:得)?去(?:吗|不)|进不去|我不在(?:教室|办公室|班上|学校)|(?:能不能|能否|可不可以|麻烦|务必|一定要|争取)[^，,。；;]{0,8}?(?:今天|明天|后天|上午|下午|早上|晚上|中午|放学|\d{1,2}点)[^，,。；;]{0,6}?(?:修好|弄好|搞好|换好|装好|修|弄|来)`)

// tipAskedRE is a question about doing what an urgent report's safety tip
// asked (user test 26's G4: 「总阀在哪啊我找不着」 right after 请先关闭附近
// 的水阀, answered 没看懂): where the valve or switch is, how to close it,
// that it cannot be found or closed.
var tipAskedRE = rx.MustCompile(`(?:阀|闸|电源|开关|水龙头)\p{Han}{0,3}?(?:在哪|在什么地方|在啥地方|是哪个|找不着|找不到|没找到|怎么关|咋关|怎么断|咋断|怎么拧|关不上|关不了|关不住|拧不动|不会关)` +
	`|(?:在哪|哪里|哪儿)\p{Han}{0,4}?(?:阀|闸|电源|开关)|(?:怎么|咋|如何)(?:关|断|拧)(?:掉|上|住)?\p{Han}{0,2}?(?:阀|闸|电源|开关)`)

// tipAskedBareRE is such a question without the thing it is about: 在哪啊
// 我找不着, 怎么关; read as one only right after the urgent report.
var tipAskedBareRE = rx.MustCompile(`^(?:那个?|这个?|它|还是|可是|但是|我|就是)?(?:在哪|在什么地方|找不着|找不到|没找到|怎么关|咋关|关不上|关不了|不会关)`)

// TipAskedWindow is how long after an urgent report its reporter's
// question without the thing it is about (在哪啊 我找不着) is taken as one
// about its safety tip.
const TipAskedWindow = 30 * time.Minute

// PhotoAfterWindow is how long after a report its reporter's photo alone
// is taken as the report's.
const PhotoAfterWindow = 30 * time.Minute

// reporterAsked answers a reporter's question about her repair still
// being mended (see above), ("", true), or reads her photo right after
// her report as verbPhoto of it.
func reporterAsked(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" || t.Staff.Has(flows.RoleWorker) {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	photo := norm == "" && t.Image() != ""
	who, phone, other := whoComesRE.MatchString(norm) && !blameAskedRE.MatchString(norm) && !toWhomRE.MatchString(norm), phoneAskedRE.MatchString(norm), otherWorkerRE.MatchString(norm)
	tip, bare := tipAskedRE.MatchString(norm), tipAskedBareRE.MatchString(norm)
	if !photo && !who && !phone && !other && !tip && !bare {
		return "", false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return "", false
	}
	var open []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone {
			open = append(open, r)
		}
	}
	if named := namedOf(norm, open); len(named) > 0 {
		open = named
	}
	if len(open) == 0 {
		return "", false
	}
	if tip || bare {
		// The question goes to the worker of her latest urgent repair, who
		// knows the building (tellWorker, tipAsked): houqin knows no valve.
		var last Repair
		for _, r := range open {
			if r.Tier == TierUrgent && r.WorkerID != 0 && (r.Status == RepairAssigned || r.Status == RepairAccepted) && r.ReportedAt.After(last.ReportedAt) {
				last = r
			}
		}
		switch {
		case last.ID != 0 && (tip || t.Now.Sub(last.ReportedAt) <= TipAskedWindow):
			return action(verbTell, last.ID), true
		case !photo && !who && !phone && !other:
			return "", false
		}
	}
	switch {
	case photo:
		var last Repair
		for _, r := range open {
			if r.ReportedAt.After(last.ReportedAt) {
				last = r
			}
		}
		if last.Photo != "" || t.Now.Sub(last.ReportedAt) > PhotoAfterWindow {
			return "", false // a photo of something else, most likely: a report
		}
		return action(verbPhoto, last.ID), true
	case who && len(open) == 1:
		return action(verbStatus, open[0].ID), true // with his latest word, as 进度 gets
	case who:
		lines := make([]string, len(open))
		for i, r := range open {
			lines[i] = "你报修的 " + statusLine(t, r) + "。"
		}
		t.Say(strings.Join(lines, "\n"))
	case phone:
		r := open[0]
		t.Say(fmt.Sprintf("我这里不提供维修人员的电话。有话要跟%s说，直接发「留言 %d 你要说的话」，我会马上转告；着急的话可以回复「催 %d」。", workerOrOffice(r), Num(r), Num(r)))
	case other:
		r := open[0]
		t.Say(fmt.Sprintf("%s 由%s负责，换人要由总务处改派，我这里不能直接换。如果是一直没人来，可以回复「催 %d」催一下；有原因要说明，发「留言 %d 原因」，我会转告。", r.Ref, workerOrOffice(r), Num(r), Num(r)))
	}
	return "", true
}

// photoAfter keeps a photo sent alone right after a report (within
// PhotoAfterWindow, her latest, with none yet) as that report's, and
// tells its worker.
func photoAfter(t *flows.Turn, last Repair, _ []string) error {
	last.Photo = t.Image()
	if err := db(t).UpdateRepair(t.Ctx, last, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMessaged, From: last.Status, To: last.Status, Note: "报修人补充了照片"}); err != nil {
		return err
	}
	if last.WorkerID != 0 {
		if err := t.Notify(flows.Notification{ToStaff: last.WorkerID, Kind: NoticeUpdate, Ref: ref(last), Link: t.Link("/r/" + last.Ref),
			Text: fmt.Sprintf("【补充照片】%s给 %s（%s %s）补了一张照片，可以在单子页面查看。", t.Staff.Name, last.Ref, last.Place(), last.Description)}); err != nil {
			return err
		}
	}
	t.Say(fmt.Sprintf("照片收到了，已补到 %s（%s %s）里，也告诉了%s。如果这是另一处要报修的，请再说一下在哪里、什么坏了。",
		last.Ref, last.Place(), jobWords(last, 20), workerOrOffice(last)))
	return nil
}
