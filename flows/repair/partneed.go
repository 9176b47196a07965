package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A part to be made to measure or matched (配玻璃, 配钥匙, 配个锁芯) is
// 需要配件: user test 18's 「302的玻璃今天装不了 要配玻璃 先临时挡上了」
// (F31) was asked what it needed, and at that question 「1 配玻璃」 (F32),
// the number and the need in his words, was refused.

// partFitRE is a part to be fitted: 要配玻璃, 得配个锁芯, 玻璃…再配, 1 配玻璃.
// What follows 配 is checked by partFits (配电箱 is a thing, not a part).
var partFitRE = rx.MustCompile(`(?:^|[要得需只等再去先]|\s)配(?:个|一个|一块|块|把|套|副|根|只|条|新的?)*(\p{Han}?)`)

// notPartFit are words after 配 that are no part fitted: 配电箱, 配合.
const notPartFit = "电合置送餐菜备件套"

// partFits reports whether s says a part must be fitted (partFitRE).
func partFits(s string) bool {
	for _, m := range partFitRE.FindAllStringSubmatch(s, -1) {
		if m[1] == "" || !strings.Contains(notPartFit, m[1]) {
			return true
		}
	}
	return false
}

// needNamed is the need of the 修不好 menu words name: 外包 (厂家, 施工队),
// 采购 (买), 配件 (配件, 配玻璃), or "".
func needNamed(s string) string {
	switch {
	case needOutsideRE.MatchString(s):
		return "需要外包维修"
	case needBuyRE.MatchString(s):
		return "需要采购"
	case needPartRE.MatchString(s) || partFits(s):
		return "需要配件"
	}
	return ""
}

// needByNumber is the need chosen by its number with words after it (1
// 配玻璃, 3 厂家来修), when the words name no other need: the words then
// say more of it.
func needByNumber(t *flows.Turn) (string, bool) {
	if t.Msg.Button != "" {
		return "", false
	}
	m := needNumberRE.FindStringSubmatch(strings.TrimSpace(t.Text))
	if m == nil {
		return "", false
	}
	n := int(strings.TrimSpace(t.Text)[0] - '1')
	choice := recButtons[n].Data
	if said := needNamed(m[1]); said != "" && said != choice {
		return "", false // 1 要找厂家: the number and the words disagree, asked
	}
	return choice, true
}

// noteHints follows a worker's word on r in his own words: a part still
// to be fitted (玻璃要等…再配) may be the leaders' to approve, so 修不好
// with 需要配件 is offered; a photo sent with the words is kept with them
// (passNote), which he is told (user test 18's F30 had lost it).
func noteHints(t *flows.Turn, r Repair, note string) {
	var hints []string
	if partFits(note) && r.Status != RepairBlocked {
		hints = append(hints, fmt.Sprintf("如果配件要学校批准采购，请回复「修不好 %d 需要配件」，我会报给领导。", Num(r)))
	}
	if t.Image() != "" {
		hints = append(hints, "照片已和这条进度一起保存。")
	}
	if len(hints) > 0 {
		t.Say(strings.Join(hints, "\n"))
	}
}
