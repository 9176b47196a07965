package repair

import (
	"slices"
	"strings"
	"sync"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
)

// kind says what a keyword names; it decides which keyword of a report
// names the broken thing.
type kind int

const (
	thing   kind = iota // 课桌, 灯管: the broken thing itself
	symptom             // 漏水, 跳闸: what is wrong
	place               // 厕所: where, which hints at the trade
	neutral             // 门卫: no trade, only hides shorter keywords inside it
)

type keyword struct {
	word  []rune
	trade flows.Trade
	kind  kind
	large bool
}

// rule is a hazard or large-job word: every group must occur, each group
// by one of its alternatives (a plain word is one group of one).
type rule struct {
	value  string
	groups [][][]rune
}

func (r rule) in(c canon) bool {
	for _, g := range r.groups {
		if !slices.ContainsFunc(g, func(w []rune) bool { return c.contains(w) }) {
			return false
		}
	}
	return true
}

// hint is a building hint: a word that favours buildings named with part.
type hint struct {
	word []rune
	part string
}

// reader is a lexicon compiled for matching.
type reader struct {
	keywords map[rune][]keyword // by first rune, longest first
	hazards  []rule
	large    []rule
	synonyms map[rune][][2][]rune // from → to, by first rune of from, longest first
	hints    []hint
	places   []placeWord // longest first
	markers  map[string][][]rune
	names    sync.Map   // location names, canonical: see namesOf
	indexes  locIndexes // schools' locations prepared for matching: see index
}

type placeWord struct {
	word     []rune
	relative bool // starts no place: a relative word or a kind of room
	room     bool // a kind of room (女厕所, 办公室)
}

func compile(l *lexicon.Lexicon) *reader {
	rd := &reader{keywords: map[rune][]keyword{}, synonyms: map[rune][][2][]rune{}, markers: map[string][][]rune{}}
	for _, e := range l.Entries(lexicon.Trade) {
		w, large := strings.CutSuffix(e.Word, "!")
		t, k, _ := strings.Cut(e.Value, "/")
		kw := keyword{word: []rune(strings.ToLower(w)), trade: flows.Trade(t), large: large}
		switch k {
		case "symptom":
			kw.kind = symptom
		case "place":
			kw.kind = place
		case "neutral":
			kw.kind, kw.trade = neutral, ""
		}
		rd.keywords[kw.word[0]] = append(rd.keywords[kw.word[0]], kw)
	}
	for _, ks := range rd.keywords {
		slices.SortStableFunc(ks, func(a, b keyword) int { return len(b.word) - len(a.word) })
	}
	rules := func(k lexicon.Kind) []rule {
		var out []rule
		for _, e := range l.Entries(k) {
			r := rule{value: e.Value}
			for _, g := range strings.Split(e.Word, "+") {
				var alts [][]rune
				for _, a := range strings.Split(g, "/") {
					alts = append(alts, []rune(strings.ToLower(a)))
				}
				r.groups = append(r.groups, alts)
			}
			out = append(out, r)
		}
		return out
	}
	rd.hazards, rd.large = rules(lexicon.Hazard), rules(lexicon.Large)
	for _, e := range l.Entries(lexicon.Synonym) {
		from, to := []rune(strings.ToLower(e.Word)), []rune(strings.ToLower(e.Value))
		rd.synonyms[from[0]] = append(rd.synonyms[from[0]], [2][]rune{from, to})
	}
	for _, ss := range rd.synonyms {
		slices.SortStableFunc(ss, func(a, b [2][]rune) int { return len(b[0]) - len(a[0]) })
	}
	for _, e := range l.Entries(lexicon.Building) {
		rd.hints = append(rd.hints, hint{word: []rune(e.Word), part: e.Value})
	}
	for _, e := range l.Entries(lexicon.Place) {
		rd.places = append(rd.places, placeWord{word: []rune(strings.ToLower(e.Word)), relative: e.Value == "relative" || e.Value == "room", room: e.Value == "room"})
	}
	slices.SortStableFunc(rd.places, func(a, b placeWord) int { return len(b.word) - len(a.word) })
	for _, e := range l.Entries(lexicon.Marker) {
		rd.markers[e.Value] = append(rd.markers[e.Value], []rune(strings.ToLower(e.Word)))
	}
	for _, ws := range rd.markers {
		slices.SortStableFunc(ws, func(a, b []rune) int { return len(b) - len(a) })
	}
	return rd
}

// readers is each lexicon's reader compiled.
var readers = lexicon.NewCache(compile)

// readerFor is l compiled.
func readerFor(l *lexicon.Lexicon) *reader { return readers.Of(l) }

func defaultReader() *reader { return readers.Default() }

// marker reports whether c has one of the marker words of kind m.
func (rd *reader) marker(c canon, m string) bool {
	return slices.ContainsFunc(rd.markers[m], c.contains)
}

// leads reports whether c begins with a word of marker m: a clause that
// begins 就是 (elaborate) says more of the problem before it (窗帘掉下来一半
// 就是靠讲台那边 挂不上去了: the 讲台 only says where).
func (rd *reader) leads(c canon, m string) bool {
	return slices.ContainsFunc(rd.markers[m], func(w []rune) bool { return c.hasPrefixAt(0, w) })
}

// hazard is the first hazard rule c meets, "" for none.
func (rd *reader) hazard(c canon) Hazard {
	var missed *canon
	for _, r := range rd.hazards {
		in := c
		if Hazard(r.value) == HazardSlip {
			if missed == nil {
				m := nearMissed(c)
				missed = &m
			}
			in = *missed
		}
		if r.in(in) {
			return Hazard(r.value)
		}
	}
	return ""
}

// nearMisses say what follows did not happen: 学生差点滑倒 is a puddle
// to mop, no fall (the slip rules read without them).
var nearMisses = runeWords("差一点儿 差一点 差点儿 差点 险些 好险")

// nearMissed is c with each near miss and the four runes after it
// blanked.
func nearMissed(c canon) canon {
	r := slices.Clone(c.r)
	for i := 0; i < len(r); i++ {
		for _, w := range nearMisses {
			if c.hasPrefixAt(i, w) {
				for k := i; k < len(r) && k < i+len(w)+4; k++ {
					r[k] = ' '
				}
				break
			}
		}
	}
	return canon{r: r}
}

// hazardIs reports whether a rule of hazard h is in c, first or not.
func (rd *reader) hazardIs(c canon, h Hazard) bool {
	if h == HazardSlip {
		c = nearMissed(c)
	}
	return slices.ContainsFunc(rd.hazards, func(r rule) bool { return Hazard(r.value) == h && r.in(c) })
}

// modifierTails follow a thing that only says where another thing is:
// 黑板上方的灯, 黑板上头那个钟 (user test 31's T41 went to 木工), 讲台上的电脑, 门的玻璃, 黑板旁边插座, 讲台下面那个插座 (a
// place word says so without 的 too); 讲台边插座 (user test 16's socket
// was classed 木工 by its 讲台); 后门口地面结冰, 教室门口的灯: a door with 口
// after it only says where (a safety round's 发现隐患 后门口地面 went to 木工).
var modifierTails = runeWords("口 的 上的 下的 里的 内的 边的 旁的 旁边的 边上的 上面的 上方的 下面的 下方的 里面的 后面的 前面的 后的 前的 附近的 顶上的 底下的 上头的 上头那个 上头 旁边 边上 附近 上方 下方 那块 那边 那儿 那里 这块 这边 下面 上面 里面 后面 前面 底下 下边 上边 旁边那 边 旁")

// holderThings are things other things stand on or hang from: said right
// before another thing, they only say where it is (讲台电脑 is a computer:
// user test 18's F21 was 木工; 墙插座, 天花板灯). A part said after its
// device is still the device's (投影仪灯泡, 配电箱门锁), so this is no rule
// of every compound.
var holderThings = runeWords("讲台 讲桌 课桌 桌子 书桌 办公桌 桌 墙 墙面 墙壁 天花板 吊顶 柜子 窗台 黑板")

// holderFillers may stand between a holder thing and the thing on it:
// 讲台那个插座 (the last session's helpers saw it go to 木工 by its 讲台),
// 桌子这个台灯, 黑板上那盏灯. The thing that is broken wins over the
// furniture it sits on.
var holderFillers = runeWords("上面那个 上边那个 上头那个 上那个 里那个 边那个 上那盏 那一个 这一个 那个 这个 那盏 这盏 那只 这只 那块 这块 那 这")

// thingAfterHolder reports whether a thing's keyword begins at i of c,
// or after a filler word there (那个, 上那盏).
func (rd *reader) thingAfterHolder(c canon, i int) bool {
	if rd.thingAt(c, i) {
		return true
	}
	for _, w := range holderFillers {
		if c.hasPrefixAt(i, w) && rd.thingAt(c, i+len(w)) {
			return true
		}
	}
	return false
}

// thingAt reports whether a thing's keyword begins at i of c.
func (rd *reader) thingAt(c canon, i int) bool {
	if i >= len(c.r) {
		return false
	}
	return slices.ContainsFunc(rd.keywords[c.r[i]], func(k keyword) bool { return k.kind == thing && c.hasPrefixAt(i, k.word) })
}

// hit is a keyword found in a text.
type hit struct {
	k      keyword
	at     int
	rank   int
	clause int // how many commas or full stops come before it
}

// keywordsIn finds the longest keyword at each position of r, left to right.
func (rd *reader) keywordsIn(r []rune) []hit {
	c := canon{r: r}
	var hits []hit
	clause := 0
	for i := 0; i < len(r); {
		if r[i] == '，' || r[i] == ',' || r[i] == '。' {
			clause++
		}
		var k *keyword
		for j, cand := range rd.keywords[r[i]] {
			if c.hasPrefixAt(i, cand.word) {
				k = &rd.keywords[r[i]][j]
				break
			}
		}
		if k == nil {
			i++
			continue
		}
		h := hit{k: *k, at: i, rank: int(k.kind) + 1, clause: clause}
		i += len(k.word)
		if k.kind == thing {
			h.rank = 0
			if slices.ContainsFunc(modifierTails, func(w []rune) bool { return c.hasPrefixAt(i, w) }) ||
				slices.ContainsFunc(holderThings, func(w []rune) bool { return slices.Equal(w, k.word) }) && rd.thingAfterHolder(c, i) {
				h.rank = 1
			}
		}
		hits = append(hits, h)
	}
	return hits
}

// classify finds the trade, item and severity of a canonical description;
// see GuessRepair.
func (rd *reader) classify(r []rune) (trade flows.Trade, item string, large bool) {
	var best *hit
	for _, h := range rd.keywordsIn(r) {
		if h.k.large && h.k.kind == symptom {
			large = true
		}
		if h.k.trade == "" {
			continue
		}
		if best == nil || h.rank < best.rank || (h.rank == best.rank && h.clause < best.clause) ||
			(h.rank == best.rank && h.clause == best.clause && len(h.k.word) > len(best.k.word)) {
			best = &h
		}
	}
	c := canon{r: r}
	if slices.ContainsFunc(rd.large, func(ru rule) bool { return ru.in(c) }) {
		large = true
	}
	if best == nil {
		return "", "", large
	}
	if best.k.kind == thing {
		item = string(best.k.word)
	}
	return best.k.trade, item, large || best.k.large
}
