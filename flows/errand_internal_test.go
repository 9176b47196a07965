package flows

import (
	"slices"
	"testing"
)

// errandMatch fits a worker's done words and a leader's question to the
// errand they are about by its nouns and places, and no other.
func TestErrandMatch(t *testing.T) {
	const chairs = "王师傅下午一点前往礼堂搬50把椅子，摆成五排"
	const salt = "让孙师傅去教学楼门口台阶撒点盐，别让学生滑倒"
	const desks = "明天上午让王师傅把二楼空教室的30张课桌搬到四楼考场"
	const doors = "跟孙师傅说一下，明天早上7点前把考场的门都打开"
	const lights = "叫孙师傅明天把五楼的灯都检查一遍"
	for _, c := range []struct {
		words, errand string
		fits          bool
	}{
		{"礼堂椅子50把摆好了", chairs, true},
		{"椅子摆好了", chairs, true},
		{"礼堂的椅子弄完了", chairs, true},
		{"礼堂椅子摆好没有", chairs, true},
		{"盐撒好了", salt, true},
		{"台阶上的盐撒了", salt, true},
		{"搬过去了", desks, true},
		{"课桌搬了吗", desks, true},
		{"考场的门都开了", doors, true},
		{"五楼的灯检查完了", lights, true},
		// Not the errand: another job's thing, place or number.
		{"302门牌粘好了", chairs, false},
		{"窗户好了", chairs, false},
		{"三楼的灯检查完了", lights, false},
		{"椅子40把摆好了", chairs, false},
		{"好了", chairs, false},
		{"门修好了", doors, false},
		{"搬过去了", chairs + "，再把桌子拉走", true},
		{"暖气片弄好了", desks, false},
	} {
		if got := errandMatch(c.words, c.errand) > 0; got != c.fits {
			t.Errorf("errandMatch(%q, %q) fits = %v, want %v", c.words, c.errand, got, c.fits)
		}
	}
}

// errandClauses ends a clause where it says something is done; words
// that say it is not (还没好, 下午再弄) or ask (好了吗) end none.
func TestErrandClauses(t *testing.T) {
	for _, c := range []struct {
		text    string
		clauses []string
		done    []bool
	}{
		{"礼堂椅子50把摆好了", []string{"礼堂椅子50把摆好了"}, []bool{true}},
		{"礼堂椅子 50把 摆好了", []string{"礼堂椅子 50把 摆好了"}, []bool{true}},
		{"礼堂的椅子弄完了 302门牌也粘好了", []string{"礼堂的椅子弄完了", "302门牌也粘好了"}, []bool{true, true}},
		{"盐撒好了，辛苦", []string{"盐撒好了 辛苦"}, []bool{true}},
		{"椅子还没摆好 下午再弄", []string{"椅子还没摆好 下午再弄"}, []bool{false}},
		{"椅子摆好了吗", []string{"椅子摆好了吗"}, []bool{false}},
		{"好的 马上去", []string{"好的 马上去"}, []bool{false}},
	} {
		clauses, done := errandClauses(c.text)
		if !slices.Equal(clauses, c.clauses) || !slices.Equal(done, c.done) {
			t.Errorf("errandClauses(%q) = %q %v, want %q %v", c.text, clauses, done, c.clauses, c.done)
		}
	}
}

// A worker's yes to an order, asked whether the words are one; a done
// word or a command is not.
func TestErrandTake(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"好的 马上去", true}, {"收到 这就过去", true}, {"好 马上", true}, {"明天去", true}, {"好的，下午就搬", true},
		{"接单 3", false}, {"椅子摆好了", false}, {"马上去不了", false}, {"好的", false},
	} {
		if got := errandTakeRE.MatchString(c.text); got != c.want {
			t.Errorf("errandTakeRE(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// A leader's question after an errand, and words that ask nothing of one.
func TestErrandAsk(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"礼堂椅子王师傅摆好没有", true}, {"椅子摆好了吗", true}, {"王师傅那个活干完没", true}, {"让孙师傅撒的盐撒了吗", true},
		{"课桌搬了吗？", true}, {"礼堂椅子摆得怎么样了", true},
		{"王师傅下午一点前往礼堂搬50把椅子", false}, {"椅子摆好了", false},
	} {
		got := errandAskRE.MatchString(c.text) && errandAskWorkRE.MatchString(c.text)
		if got != c.want {
			t.Errorf("asks(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
