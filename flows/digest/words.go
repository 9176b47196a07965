package digest

import (
	"strings"
	"unicode/utf8"
)

// A leader asks for today's summary in many word orders, with fillers
// voice input leaves in: 「今天后勤怎么样 给我个汇总」「后勤今天情况汇总一下」
// 「那个今天后勤这块总体上是个什么情况你给我汇总一下发过来我看看」, or with
// the summary mistyped (「会总」, user test 29c's principal, V1–V4). A
// regexp per word order matched one sentence only; the message is read
// here as words instead: it asks for the summary when every part of it is
// one of the words below and it says both 汇总 (or 总结, 小结) and what of
// (今天, 后勤, 情况). Any other word — 食堂, 留样, 上个月, 台账, a place, a
// fault — and it is not a request for the whole day's summary, and the
// other readers have it.

// sumWords are the words that name the summary itself.
var sumWords = []string{"汇总", "总结", "小结", "汇报"}

// sumTypos are the summary as pinyin input mistypes it.
var sumTypos = strings.NewReplacer("会总", "汇总", "汇纵", "汇总", "回总", "汇总", "总节", "总结")

// sumTopicWords say what the summary is of: today, the logistics, how
// things stand.
var sumTopicWords = []string{"今天", "今日", "今儿", "后勤", "情况"}

// sumFillers are the other words a request for today's summary is made
// of: who is asked, how it is sent, and the little words between.
var sumFillers = []string{
	"那个", "这个", "嗯", "喂",
	"今天", "今日", "今儿个", "今儿", "到现在", "目前", "现在",
	"后勤", "学校里", "学校", "全校", "咱们", "我们", "这块", "这一块", "这边", "方面", "工作",
	"总体上", "总体", "整体上", "整体", "大体上", "大体", "总的", "大概", "简单",
	"是个", "是", "什么", "啥子", "啥", "怎么样", "咋样", "怎样", "如何", "情况",
	"你", "您", "请", "麻烦", "把", "帮我", "给我", "跟我", "和我", "发给我", "发过来", "发我", "发一下", "发下", "发个", "发",
	"汇总", "总结", "小结", "汇报", "一下", "一份", "一个", "个", "下",
	"来", "做", "出", "整理", "弄", "整",
	"我看看", "我看一下", "我瞧瞧", "看看", "看一下", "瞧瞧", "我", "看",
	"的", "上", "都", "了", "吧", "呢", "啊", "呀", "吗", "哈",
}

// asksSummaryInWords reports whether text asks for today's summary in
// words (see above).
func asksSummaryInWords(text string) bool {
	s := sumTypos.Replace(strings.TrimSpace(text))
	hasSum, hasTopic := false, false
	for _, w := range sumWords {
		hasSum = hasSum || strings.Contains(s, w)
	}
	for _, w := range sumTopicWords {
		hasTopic = hasTopic || strings.Contains(s, w)
	}
	if !hasSum || !hasTopic {
		return false
	}
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if strings.ContainsRune(" \t　，,。.！!？?~～、", r) {
			s = s[n:]
			continue
		}
		best := ""
		for _, w := range sumFillers {
			if len(w) > len(best) && strings.HasPrefix(s, w) {
				best = w
			}
		}
		if best == "" {
			return false
		}
		s = s[len(best):]
	}
	return true
}
