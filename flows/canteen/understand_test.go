package canteen

import (
	"testing"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
)

func TestSampleHeader(t *testing.T) {
	for _, tt := range []struct {
		in        string
		meal      string
		off       int
		rest      string
		ok, meal2 bool
	}{
		{"午餐留样：红烧肉130克", flows.MealLunch, 0, "红烧肉130克", true, true},
		{"今天中午的样留好了 红烧肉130g", flows.MealLunch, 0, "红烧肉130g", true, true},
		{"昨天晚饭的样留了\n馒头 150", flows.MealDinner, -1, "馒头 150", true, true},
		{"早餐的样：鸡蛋饼 130g", flows.MealBreakfast, 0, "鸡蛋饼 130g", true, true},
		{"留样 晚餐", "", 0, "晚餐", true, false},
		{"中午的样都留好了：红烧肉130克", flows.MealLunch, 0, "红烧肉130克", true, true},
		{"留样（午餐）\n米饭 150g", flows.MealLunch, 0, "米饭 150g", true, true},
		{"午餐流样 米饭 150g", flows.MealLunch, 0, "米饭 150g", true, true},
		{"今天中午留的样 米饭 150g", flows.MealLunch, 0, "米饭 150g", true, true},
		// Not a header: about the fridge, a dish first, or no 留样 at all.
		{"留样冰箱坏了", "", 0, "留样冰箱坏了", false, false},
		{"红烧肉130克留样", "", 0, "红烧肉130克留样", false, false},
		{"今天的菜单发一下", "", 0, "今天的菜单发一下", false, false},
	} {
		meal, off, hasMeal, rest, ok := sampleHeader(tt.in)
		if meal != tt.meal || off != tt.off || rest != tt.rest || ok != tt.ok || hasMeal != tt.meal2 {
			t.Errorf("sampleHeader(%q) = %q, %d, %v, %q, %v; want %q, %d, %v, %q, %v",
				tt.in, meal, off, hasMeal, rest, ok, tt.meal, tt.off, tt.meal2, tt.rest, tt.ok)
		}
	}
}

func TestTakeTemperature(t *testing.T) {
	for _, tt := range []struct {
		in    string
		c     float64
		rest  string
		found bool
		bad   bool
	}{
		{"米饭150克，冰箱4℃", 4, "米饭150克，，", true, false},
		{"米饭150克，4度", 4, "米饭150克，，", true, false},
		{"冷藏3度", 3, "，", true, false},
		{"米饭 150g（冰箱4℃）", 4, "米饭 150g", true, false},
		{"冰箱温度零下1度", -1, "，", true, false},
		{"冷藏温度为4.5度", 4.5, "，", true, false},
		{"冰箱温度四度", 4, "，", true, false},
		{"冰箱4c，米饭 150", 4, "，，米饭 150", true, false},
		{"冰相4度", 4, "，", true, false},
		{"米饭150克 冰箱温度显示4度", 4, "米饭150克 ，", true, false},
		{"冰箱 99度", 0, "，", true, true},
		{"红烧肉 130g 米饭 150", 0, "红烧肉 130g 米饭 150", false, false},
	} {
		c, rest, found, err := takeTemperature(tt.in)
		if found != tt.found || (err != nil) != tt.bad || !tt.bad && c != tt.c || rest != tt.rest {
			t.Errorf("takeTemperature(%q) = %v, %q, %v, %v; want %v, %q, %v, bad=%v", tt.in, c, rest, found, err, tt.c, tt.rest, tt.found, tt.bad)
		}
	}
}

// FuzzUnderstand: reading a first line and a temperature never panics,
// keeps text valid, and finds only a temperature a fridge can have.
func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{"午餐留样：红烧肉130克，冰箱4℃", "今天中午的样留好了 米饭150g 4度", "留样（午餐）", "留样冰箱坏了",
		"冰箱温度零下1度", "冷藏", "温度：", "留样 晚餐\n米饭 150 冷藏 99度"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		meal, off, hasMeal, rest, ok := sampleHeader(s)
		if ok && (hasMeal != (meal != "") || off != 0 && off != -1 || !utf8.ValidString(rest)) {
			t.Fatalf("sampleHeader(%q) = %q, %d, %v, %q", s, meal, off, hasMeal, rest)
		}
		c, rest, found, err := takeTemperature(s)
		if found && err == nil && (c < -30 || c > 60) || !utf8.ValidString(rest) {
			t.Fatalf("takeTemperature(%q) = %v, %q, %v, %v", s, c, rest, found, err)
		}
	})
}

func TestParseRatingsOneForAll(t *testing.T) {
	for in, want := range map[string][3]int{"都是5分": {5, 5, 5}, "全部4分。": {4, 4, 4}, "三项都五": {5, 5, 5}, "满分": {5, 5, 5}, "都满分": {5, 5, 5}, "5 4 5": {5, 4, 5}} {
		if got, ok := parseRatings(in); !ok || got != want {
			t.Errorf("parseRatings(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"都是6分", "都是", "还行"} {
		if got, ok := parseRatings(in); ok {
			t.Errorf("parseRatings(%q) = %v, want no scores", in, got)
		}
	}
}

// A school's fridge words (houqin lexicon add --kind fridge) are read for
// that school only, wherever the default fridge words are.
func TestFridgeWordsOfASchool(t *testing.T) {
	own := vocabs.Of(lexicon.Default().With([]lexicon.Entry{
		{Kind: lexicon.Fridge, Word: "留样箱"},
		{Kind: lexicon.Fridge, Word: "箱温", Value: "temperature"},
		{Kind: lexicon.Fridge, Word: "留样袋", Value: "box"},
		{Kind: lexicon.Fridge, Word: "冷冻柜"},
	}))
	def := defaultVocab()
	for _, tt := range []struct {
		in   string
		c    float64
		rest string
	}{
		{"留样箱3度", 3, "，"},
		{"米饭 150g，留样箱 3", 3, "米饭 150g，，"},
		{"留样箱温度为2.5", 2.5, "，"},
		{"箱温：4", 4, "，"},
		{"冰箱箱温4", 4, "，"},
	} {
		if c, rest, found, err := own.takeTemperature(tt.in); !found || err != nil || c != tt.c || rest != tt.rest {
			t.Errorf("with the school's words, takeTemperature(%q) = %v, %q, %v, %v; want %v, %q", tt.in, c, rest, found, err, tt.c, tt.rest)
		}
		if _, rest, _, _ := def.takeTemperature(tt.in); rest == tt.rest {
			t.Errorf("the defaults read %q as the school does: the school's words leaked", tt.in)
		}
	}
	if _, err := parse.ParseTemperature(own.tempLine.ReplaceAllString("留样箱 3", "")); err != nil || !own.tempLabel.MatchString("留样箱 3") {
		t.Errorf("「留样箱 3」 does not answer the temperature for the school: %v", err)
	}
	if def.tempLabel.MatchString("留样箱 3") {
		t.Error("「留样箱 3」 is a temperature line with the defaults")
	}
	for _, s := range []string{"留样箱坏了", "留样冷冻柜不制冷", "留样袋不够了"} {
		if !own.aboutTheFridge(s) || def.aboutTheFridge(s) {
			t.Errorf("%q about the fridge: %v for the school, %v with the defaults; want true, false", s, own.aboutTheFridge(s), def.aboutTheFridge(s))
		}
	}
	if own.aboutTheFridge("留样箱3度 米饭150g") {
		t.Error("a record that names the fridge is about the fridge")
	}
	if !own.sampleLike.MatchString("冷冻柜 红烧肉") || def.sampleLike.MatchString("冷冻柜 红烧肉") || own.sampleLike.MatchString("箱温 红烧肉") {
		t.Error("a school's fridge word does not make a message a sample record for that school only")
	}
}
