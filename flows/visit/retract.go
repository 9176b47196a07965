package visit

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// retractRE is a guard taking back what he just said in the same message:
// 不对, 错了, 说错了, 不是 … then, maybe, 是 / 应该是 / 改成 before the right
// value (开车了 苏A8B66Q 不对 是苏A8B669).
var retractRE = rx.MustCompile(`[\s,，。;；]*(?:不对不对|不对|说错了|写错了|打错了|错了|不是不是|哦不|不是)[\s,，。;；!！]*(?:应该是|应是|是|改成|改为|换成)?\s*`)

// retractables are the values a guard says by number, each of which a
// message holds once: a plate, a mobile number, a resident ID number.
var retractables = []*rx.Regexp{plateRE, phoneRE, residentRE}

// withoutRetracted drops a value the guard took back in the same message:
// in 「苏A8B66Q 不对 是苏A8B669」 the first plate is gone and the second is
// read, where before the first plate found would win. Only a value of the
// same kind as the one after the retraction is dropped, so 不是 in 不是来
// 找人的 touches nothing.
func withoutRetracted(s string) string {
	for {
		locs := retractRE.FindAllStringIndex(s, -1)
		changed := false
		for i := len(locs) - 1; i >= 0 && !changed; i-- {
			before, after := s[:locs[i][0]], s[locs[i][1]:]
			for _, re := range retractables {
				next := re.FindStringIndex(after)
				if next == nil || next[0] != 0 {
					continue // the right value comes straight after the retraction
				}
				prev := re.FindAllStringIndex(before, -1)
				if prev == nil {
					continue
				}
				last := prev[len(prev)-1]
				if strings.TrimSpace(before[last[1]:]) != "" {
					continue // the taken-back value ends where 不对 begins
				}
				s = before[:last[0]] + " " + after
				changed = true
				break
			}
		}
		if !changed {
			return s
		}
	}
}
