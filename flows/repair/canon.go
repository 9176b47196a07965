package repair

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows/parse"
)

// canon is text prepared for matching place names and keywords: ASCII
// lower-cased; brackets, line breaks and spaces dropped (a space is kept
// only between two ASCII letters or digits, where it separates numbers);
// @ mentions dropped (@总务处 says who a message is for, not where: see
// mentions); traditional characters read as simplified (燈壞了 → 灯坏了:
// see simplified);
// place synonyms written as the location table writes them (男厕 →
// 男厕所, 男寝 → 男生宿舍); grades in one form (初3 → 初三, 初三年级 →
// 初三, 七年级 → 初一); a Chinese numeral before 班 楼 层 号 栋 幢 written
// in digits, so that 初二(三)班, 初二（3）班 and 初二3班 all read 初二3班,
// and 二楼 reads 2楼; a room number spelt digit by digit in digits (四零五
// → 405) or said as a number (五百零二 → 502); and a room given as floor and number in the school's floor+room
// numbering (4楼5号 → 405); and two slips of pinyin input mended
// (withSlips). Both the message and the names it is matched against go
// through it.
type canon struct {
	src  []rune // the source runes
	r    []rune
	orig []int // orig[i] is the index in the source runes of r[i]; never decreasing
}

func canonicalize(src []rune) canon { return defaultReader().canonicalize(src) }

func (rd *reader) canonicalize(src []rune) canon {
	c := canon{r: make([]rune, 0, len(src)), orig: make([]int, 0, len(src))}
	mention := rd.mentions(src)
	for i, r := range src {
		if mention != nil && mention[i] {
			continue
		}
		switch r {
		case '(', ')', '[', ']', '【', '】', '〔', '〕', '\n':
			continue
		case ' ':
			if n := len(c.r); n > 0 && isASCIIAlnum(c.r[n-1]) && i+1 < len(src) && isASCIIAlnum(src[i+1]) {
				break
			}
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if s, ok := simplified[r]; ok {
			r = s
		}
		c.r = append(c.r, r)
		c.orig = append(c.orig, i)
	}
	c = c.withSlips().withSynonyms(rd).withGrades().withDigits().withFloorRooms()
	c.src = src
	return c
}

// maxMention is the longest name an @ mention is taken to have: @总务处,
// @全体成员, @总务处王师傅.
const maxMention = 8

// mentions marks the @ mentions of src: an @ and the name after it, up to
// a space, a punctuation mark or the end. A mention says who a message is
// for (@总务处 转发一下…), not where: 总务处 is a room of the school too.
// A run that is longer than a name, or says what is wrong or names a
// broken thing (@总务处302灯坏了, typed without the space WeChat puts after
// a name), is read as text, less the @.
func (rd *reader) mentions(src []rune) []bool {
	var out []bool
	for i := 0; i < len(src); i++ {
		if src[i] != '@' {
			continue
		}
		if out == nil {
			out = make([]bool, len(src))
		}
		out[i] = true
		j := i + 1
		for j < len(src) && !unicode.IsSpace(src[j]) && !unicode.IsPunct(src[j]) && !unicode.IsSymbol(src[j]) {
			j++
		}
		if n := j - (i + 1); n > 0 && n <= maxMention && rd.isName(src[i+1:j]) {
			for k := i + 1; k < j; k++ {
				out[k] = true
			}
		}
		i = j - 1
	}
	return out
}

// isName reports whether the run after an @ is only a name: it says
// nothing is wrong and names no broken thing.
func (rd *reader) isName(run []rune) bool {
	c := rd.canonicalize(run)
	return !rd.fault(c) && !slices.ContainsFunc(rd.keywordsIn(c.r), func(h hit) bool { return h.k.trade != "" && h.k.kind != place })
}

func canonString(s string) []rune { return canonicalize([]rune(parse.Normalize(s))).r }

func (rd *reader) canonString(s string) []rune {
	return rd.canonicalize([]rune(parse.Normalize(s))).r
}

// emit appends runes standing for the source runes of c from i to j-1.
func (out *canon) emit(c canon, i, j int, rs []rune) {
	for k, r := range rs {
		o := c.orig[i]
		if k > 0 {
			o = c.orig[j-1]
		}
		out.r = append(out.r, r)
		out.orig = append(out.orig, o)
	}
}

// rewrite is one pass of canonicalize over in: its output is in itself
// until the pass changes something, and only then a copy of what came
// before, so that a text a pass leaves alone is not copied rune by rune
// (most texts go through most passes unchanged; copying every pass's
// output was about a sixth of the allocations of a report, a confirmation
// and 「我的」 together in BenchmarkMessageMix).
type rewrite struct {
	in      canon
	out     canon
	started bool
}

// keep passes in's runes from i to j-1 on unchanged.
func (w *rewrite) keep(i, j int) {
	if w.started {
		w.out.r = append(w.out.r, w.in.r[i:j]...)
		w.out.orig = append(w.out.orig, w.in.orig[i:j]...)
	}
}

// change starts the copy at i, where the pass changes in.
func (w *rewrite) change(i int) {
	if !w.started {
		w.started = true
		w.out.r = append(make([]rune, 0, len(w.in.r)+8), w.in.r[:i]...)
		w.out.orig = append(make([]int, 0, len(w.in.r)+8), w.in.orig[:i]...)
	}
}

// emit writes rs for in's runes from i to j-1 (see canon.emit).
func (w *rewrite) emit(i, j int, rs []rune) {
	w.change(i)
	w.out.emit(w.in, i, j, rs)
}

// last returns the last rune written before in's rune i.
func (w *rewrite) last(i int) (rune, bool) {
	if w.started {
		if n := len(w.out.r); n > 0 {
			return w.out.r[n-1], true
		}
		return 0, false
	}
	if i > 0 {
		return w.in.r[i-1], true
	}
	return 0, false
}

func (w *rewrite) done() canon {
	if !w.started {
		return w.in
	}
	return w.out
}

// withSynonyms writes each synonym as its name, longest first; a name
// already written is kept (男厕所 is not 男厕 + 所).
func (c canon) withSynonyms(rd *reader) canon {
	w := rewrite{in: c}
	for i := 0; i < len(c.r); {
		done := false
		for _, s := range rd.synonyms[c.r[i]] {
			if c.hasPrefixAt(i, s[1]) && len(s[1]) >= len(s[0]) {
				break
			}
			if c.hasPrefixAt(i, s[0]) {
				w.emit(i, i+len(s[0]), s[1])
				i += len(s[0])
				done = true
				break
			}
		}
		if !done {
			w.keep(i, i+1)
			i++
		}
	}
	return w.done()
}

// withSlips mends two slips of pinyin input that hide a place: 般 typed
// for 班 right after a grade and a class number (初一三般 → 初一三班), and
// 教师 for 教室 right after a room number of three digits (303教师 →
// 303教室). Elsewhere both are words of their own (一般, 教师办公室).
func (c canon) withSlips() canon {
	out, copied := c, false
	set := func(i int, r rune) {
		if !copied {
			out.r, copied = slices.Clone(c.r), true
		}
		out.r[i] = r
	}
	for i, r := range c.r {
		switch {
		case r == '般' && i >= 3 && (c.r[i-3] == '初' || c.r[i-3] == '高') &&
			(isCNNumeral(c.r[i-2]) || isDigit(c.r[i-2])) && (isCNNumeral(c.r[i-1]) || isDigit(c.r[i-1])):
			set(i, '班')
		case r == '教' && i+1 < len(c.r) && c.r[i+1] == '师' && i >= 3 && isDigit(c.r[i-1]) && isDigit(c.r[i-2]) && isDigit(c.r[i-3]) &&
			(i == 3 || !isDigit(c.r[i-4])):
			set(i+1, '室')
		}
	}
	return out
}

var cnGrade = []rune("〇一二三四五六七八九")

// withGrades writes a grade in one form: 初3 → 初三 (before 年级 or a
// class number), 初三年级 → 初三, 七年级/八年级/九年级 → 初一/初二/初三.
func (c canon) withGrades() canon {
	w := rewrite{in: c}
	for i := 0; i < len(c.r); {
		r := c.r[i]
		switch {
		case (r == '初' || r == '高') && i+1 < len(c.r) && c.r[i+1] >= '1' && c.r[i+1] <= '9' &&
			i+2 < len(c.r) && (isDigit(c.r[i+2]) || c.hasPrefixAt(i+2, []rune("年级")) || isCNNumeral(c.r[i+2])):
			w.emit(i, i+2, []rune{r, cnGrade[c.r[i+1]-'0']})
			i += 2
			continue
		case (r == '七' || r == '八' || r == '九') && c.hasPrefixAt(i+1, []rune("年级")):
			w.emit(i, i+3, []rune{'初', map[rune]rune{'七': '一', '八': '二', '九': '三'}[r]})
			i += 3
			continue
		case r == '年' && c.hasPrefixAt(i, []rune("年级")) && i >= 2 && (c.r[i-2] == '初' || c.r[i-2] == '高') && (isCNNumeral(c.r[i-1]) || isDigit(c.r[i-1])):
			w.change(i)
			i += 2 // 初三年级 → 初三
			continue
		}
		w.keep(i, i+1)
		i++
	}
	return w.done()
}

// withFloorRooms writes a room given as floor and number (4楼5号, 4层5号)
// as the room number of a school that numbers rooms floor+room: 405.
func (c canon) withFloorRooms() canon {
	w := rewrite{in: c}
	for i := 0; i < len(c.r); {
		if isDigit(c.r[i]) && (i == 0 || !isDigit(c.r[i-1])) && i+2 < len(c.r) && (c.r[i+1] == '楼' || c.r[i+1] == '层') && isDigit(c.r[i+2]) {
			j := i + 2
			for j < len(c.r) && isDigit(c.r[j]) {
				j++
			}
			if n := j - (i + 2); n <= 2 && j < len(c.r) && c.r[j] == '号' && !c.hasPrefixAt(j, []rune("号楼")) {
				room := []rune{c.r[i]}
				if n == 1 {
					room = append(room, '0')
				}
				room = append(room, c.r[i+2:j]...)
				w.emit(i, j+1, room)
				i = j + 1
				continue
			}
		}
		w.keep(i, i+1)
		i++
	}
	return w.done()
}

// withDigits rewrites a Chinese numeral before a counting marker in digits,
// and a number spelt digit by digit (四零五, 三〇二) anywhere. Before 班 a
// numeral right after 初 or 高 starts with the grade, which is kept:
// 初二三班 is grade 二, class 3.
func (c canon) withDigits() canon {
	w := rewrite{in: c}
	for i := 0; i < len(c.r); {
		j := i
		for j < len(c.r) && isCNNumeral(c.r[j]) {
			j++
		}
		if j == i {
			w.keep(i, i+1)
			i++
			continue
		}
		s := i
		if j < len(c.r) && c.r[j] == '班' && j-i >= 2 && i > 0 && (c.r[i-1] == '初' || c.r[i-1] == '高') {
			s = i + 1
		}
		w.keep(i, s)
		v, ok := parse.Numeral(string(c.r[s:j]))
		if r, ok := w.last(i); ok && isDigit(r) && s == i {
			// 303三楼, 303 三楼: the numeral, written in digits, is a
			// number of its own, not more digits of the room's (3033楼:
			// user test 27's K3).
			w.emit(s, s, []rune{' '})
		}
		switch {
		case j < len(c.r) && slices.Contains([]rune("班楼层号栋幢"), c.r[j]) && ok:
			w.emit(s, j, []rune(strconv.Itoa(v)))
		case ok && v >= 100 && v <= 999 && slices.Contains(c.r[s:j], '百'):
			// A room number said as a number: 五百零二 → 502, 三百一十二 → 312
			// (as a count, 三百块, the word after it still makes it one).
			w.emit(s, j, []rune(strconv.Itoa(v)))
		case j-s >= 3 && j-s <= 4 && spelt(c.r[s:j]):
			var ds []rune
			for _, r := range c.r[s:j] {
				ds = append(ds, rune('0'+max(0, slices.Index(cnGrade, r)))) // 零 is 0
			}
			w.emit(s, j, ds)
		default:
			w.keep(s, j)
		}
		i = j
	}
	return w.done()
}

// spelt reports a number spelt digit by digit: 四零五, not 一百零五.
func spelt(rs []rune) bool {
	for _, r := range rs {
		if r == '零' {
			continue
		}
		if !slices.Contains(cnGrade, r) {
			return false
		}
	}
	return true
}

func isCNNumeral(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百':
		return true
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return isDigit(r) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// hasPrefixAt reports whether p occurs in c at i.
func (c canon) hasPrefixAt(i int, p []rune) bool {
	return i >= 0 && len(p) <= len(c.r)-i && slices.Equal(c.r[i:i+len(p)], p)
}

// afterNumber are words that make a number a count, an ordinal or a
// measure rather than a room: 3排, 3楼, 3个, 3号楼 ...
var afterNumber = runeWords("排 列 行 楼 层 个 张 把 盏 根 扇 块 台 只 条 套 支 件 天 次 点 年 月 日 " +
	"号楼 号床 号线 组 人 位 节 栋 幢 座 周 级 岁 度 ℃ 元 米 分 秒 小时 班 届 寸 斤 两 克 厘米 毫米 公分 瓦 伏 % 倍 遍 处 间")

// notMeasure start with a word of afterNumber but are things in a room:
// 305天花板 is room 305's ceiling, not 305 days; 304班班通 is room 304's
// classroom computer; 303两个考场 is rooms 302 and 303, not 303 两 (a
// weight) of something (user test 29's R1). 302日光灯 is room 302's
// fluorescent lamp, not the 302nd day: the place was lost and the report
// matched to another room's open 灯 job.
var notMeasure = runeWords("天花 天台 天窗 天井 班班通 层板 台灯 台阶 台面 台式 两个 两间 两处 两边 " +
	"日光灯 节能灯 座椅 座机 班牌 支架 把手 扇叶")

// notMeasureAfterRoom start with a word of afterNumber but are things in
// a room when the number before them is a room's (three digits or more):
// 302排插 is room 302's power strip, while 3排插座 is the third row's
// socket.
var notMeasureAfterRoom = runeWords("排插 排气扇 排风扇 排水 点灯")

// asciiThings are things written in Latin letters that do not continue
// a room number glued to them: 302led灯 is room 302's LED lamp, while
// 302a stays a room code of its own (canon has lower-cased the text).
var asciiThings = runeWords("led wifi wi-fi pc tv usb ppt ipad hdmi vga")

// thingAfterRoom reports whether the word at e, right after the number p,
// is a thing in the room rather than what makes p a count or a measure.
func (c canon) thingAfterRoom(p []rune, e int) bool {
	if slices.ContainsFunc(notMeasure, func(w []rune) bool { return c.hasPrefixAt(e, w) }) {
		return true
	}
	digits := 0
	for i := len(p) - 1; i >= 0 && isDigit(p[i]); i-- {
		digits++
	}
	return digits >= 3 && slices.ContainsFunc(notMeasureAfterRoom, func(w []rune) bool { return c.hasPrefixAt(e, w) })
}

// contains reports whether w occurs in c.
func (c canon) contains(w []rune) bool {
	for i := 0; i+len(w) <= len(c.r); i++ {
		if c.hasPrefixAt(i, w) {
			return true
		}
	}
	return false
}

// find returns where p occurs in c as a whole name: a name that starts or
// ends with an ASCII letter or digit must not continue a longer number or
// word there, so room "3" is not found in 13, 3.5, 第3, 3排 or 3号楼.
func (c canon) find(p []rune) []int {
	var at []int
	if len(p) == 0 {
		return nil
	}
	for s := 0; s+len(p) <= len(c.r); s++ {
		if c.foundAt(s, p) {
			at = append(at, s)
		}
	}
	return at
}

// foundAt reports whether p occurs in c at s as a whole name (see find).
func (c canon) foundAt(s int, p []rune) bool {
	if len(p) == 0 || !c.hasPrefixAt(s, p) {
		return false
	}
	e := s + len(p)
	if isASCIIAlnum(p[0]) && s > 0 && isNumberJoin(c.r[s-1], true) &&
		!(strings.ContainsRune(".-:/", c.r[s-1]) && (s < 2 || !isASCIIAlnum(c.r[s-2]))) {
		// 8:30, 3-2 join a number; 请注意：302 (a colon after words) does not.
		return false
	}
	if isASCIIAlnum(p[len(p)-1]) && e < len(c.r) {
		if isNumberJoin(c.r[e], false) && (isASCIIAlnum(c.r[e]) || (e+1 < len(c.r) && isASCIIAlnum(c.r[e+1]))) &&
			!(isDigit(p[len(p)-1]) && slices.ContainsFunc(asciiThings, func(w []rune) bool { return c.hasPrefixAt(e, w) })) {
			// 3.5, 3-2, 8:30 continue a number; 303: and 303. end one
			return false
		}
		if isDigit(p[len(p)-1]) && !c.thingAfterRoom(p, e) &&
			slices.ContainsFunc(afterNumber, func(w []rune) bool { return c.hasPrefixAt(e, w) }) {
			return false
		}
	}
	return true
}

// isNumberJoin reports a rune that continues a number or code next to it.
func isNumberJoin(r rune, before bool) bool {
	switch {
	case isASCIIAlnum(r), r == '.', r == '-', r == ':', r == '/':
		return true
	case before && r == '第':
		return true
	}
	return false
}

func runeWords(s string) [][]rune {
	var ws [][]rune
	for _, w := range strings.Fields(s) {
		ws = append(ws, []rune(w))
	}
	return ws
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
