package canteen

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// The ways people name a meal in chat (早饭, 中午, 夜宵, lunch) and the
// words for the 留样 fridge and its temperature (冰箱, 冷藏, 留样柜, 温度) are
// data (flows/lexicon/data/meal.txt, fridge.txt), which a school extends
// without code: houqin lexicon add --school S --kind meal 午点 snack;
// --kind fridge 留样箱. vocab is those words compiled for one school; it
// is not changed after it is made, so it may be shared.
type vocab struct {
	words []mealWord        // longest first, so that a longer name is read whole
	key   map[string]string // word (lower case) → meal key

	// labelledTemp is a temperature after a fridge word or 温度, with or
	// without a unit: 冰箱4℃, 冷藏 3, 冰箱显示4度, 冷藏温度为4度, 温度：3.5.
	// The temperature is the first group.
	labelledTemp *rx.Regexp
	// leadingTemp is a temperature typed before anything else.
	leadingTemp *rx.Regexp
	// tempLine is what comes before the number of a line that gives the
	// temperature (冰箱温度：), and tempLabel such a line's start.
	tempLine, tempLabel *rx.Regexp
	// fridgeTalk is a message about the sample fridge or boxes themselves
	// (留样冰箱不制冷, 留样柜门关不上, 留样盒不够了), not a record of samples.
	fridgeTalk *rx.Regexp
	// sampleLike is what a sample record has and a menu does not: 留样,
	// a temperature, a fridge.
	sampleLike *rx.Regexp
	// fridgeWord is a fridge or temperature word anywhere (冰箱, 冷藏,
	// 温度), for a reading said on its own (fridgeReading).
	fridgeWord *rx.Regexp
}

type mealWord struct{ word, key string }

// compileVocab reads l's meal words; a school's word overrides a default
// one of the same spelling.
func compileVocab(l *lexicon.Lexicon) *vocab {
	m := &vocab{key: map[string]string{}}
	for _, e := range l.Entries(lexicon.Meal) {
		w := strings.ToLower(e.Word)
		if _, dup := m.key[w]; !dup {
			m.words = append(m.words, mealWord{word: w})
		}
		m.key[w] = e.Value
	}
	for i := range m.words {
		m.words[i].key = m.key[m.words[i].word]
	}
	slices.SortStableFunc(m.words, func(a, b mealWord) int { return cmp.Compare(len(b.word), len(a.word)) })
	m.readFridge(l)
	return m
}

// readFridge compiles l's fridge words into the regular expressions that
// find them, once per lexicon.
func (m *vocab) readFridge(l *lexicon.Lexicon) {
	var fridges, temps, talk []string
	for _, e := range l.Entries(lexicon.Fridge) {
		switch e.Value {
		case "":
			fridges = append(fridges, e.Word)
		case "temperature":
			temps = append(temps, e.Word)
		}
		if e.Value != "temperature" {
			// 留样柜, 留样盒; 冰箱 after 留样: 留样冰箱
			talk = append(talk, "留样"+strings.TrimPrefix(e.Word, "留样"))
		}
	}
	labels := alternatives(append(slices.Clone(fridges), temps...))
	m.labelledTemp = rx.MustCompile(`(?:` + labels + `)(?:里|内|的|` + alternatives(temps) + `|显示|现在|目前|今天|今早|早上|上午|中午|下午|晚上|刚才|刚刚|量了|测了|为|是|在|有|\s)*[:：]?\s*((?:零下|零上|负|-|\+)?\s*(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十]+)\s*(?:摄氏度|℃|°C|°c|度|°|[cC]\b)?)`)
	m.leadingTemp = rx.MustCompile(`^(?:` + m.labelledTemp.String() + `|` + unitTempRE.String() + `)[\s。，,.]*`)
	m.tempLine = rx.MustCompile(`^(?:` + alternatives(fridges) + `)?(?:` + alternatives(temps) + `)?\s*[:：]?\s*`)
	m.tempLabel = rx.MustCompile(`^(?:` + labels + `)`)
	m.fridgeTalk = rx.MustCompile(`^\s*(?:` + alternatives(talk) + `)`)
	m.sampleLike = rx.MustCompile(`留样|\d\s*(?:度|℃|°)|` + alternatives(fridges))
	m.fridgeWord = rx.MustCompile(labels)
}

// alternatives is a regular expression matching any of words, quoted,
// the longest first; none matches nothing.
func alternatives(words []string) string {
	if len(words) == 0 {
		return `[^\x00-\x{10FFFF}]`
	}
	ws := make([]string, 0, len(words))
	for _, w := range words {
		if q := regexp.QuoteMeta(w); !slices.Contains(ws, q) {
			ws = append(ws, q)
		}
	}
	slices.SortStableFunc(ws, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return strings.Join(ws, "|")
}

// vocabs is each lexicon's meal words compiled.
var vocabs = lexicon.NewCache(compileVocab)

// defaultVocab is the words every school starts with.
func defaultVocab() *vocab { return vocabs.Default() }

// vocabFor is the words t's school reads messages with: the defaults
// and the school's own (a failed read leaves them out; see lexicon.Own).
func vocabFor(t *flows.Turn) *vocab {
	own, _ := lexicon.Own(t)
	return vocabs.With(own)
}

// ParseMealWith is ParseMeal with a school's own words added to the
// defaults (the entries its store keeps).
func ParseMealWith(s string, own []lexicon.Entry) (string, bool) {
	return vocabs.With(own).parse(s)
}

// FridgeTemperatureWith finds the fridge temperature in text as the 留样
// flow reads a school's cooks: with the school's own words (the entries
// its store keeps) added to the defaults (留样箱3度 once the school added
// fridge 留样箱). found is false when there is none; err is set when one
// was written that cannot be a fridge's.
func FridgeTemperatureWith(text string, own []lexicon.Entry) (c float64, found bool, err error) {
	c, _, found, err = vocabs.With(own).takeTemperature(parse.Normalize(text))
	return c, found, err
}
