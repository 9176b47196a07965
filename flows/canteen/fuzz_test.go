package canteen

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// Fuzz tests for the canteen's readers of chat text. Each target gets the
// text as the engine passes it on (parse.Normalize first) and checks what
// must hold for any input, beyond not panicking.

// FuzzParseRatings: three scores from 1 to 5, or nothing.
func FuzzParseRatings(f *testing.F) {
	for _, s := range []string{"5 4 5", "545", "口味5 份量4 卫生5", "五四五", "5 4 9", "5 4", "5 4 5 5", "０ ５ ５", "5，4，5", "10 4 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := parse.Normalize(s)
		r, ok := parseRatings(text)
		if !ok {
			return
		}
		for _, v := range r {
			if v < 1 || v > 5 {
				t.Fatalf("parseRatings(%q) = %v: a score out of 1–5", text, r)
			}
		}
		// The scores are the digits of the text, in order: written back
		// plainly they read the same.
		if again, ok := parseRatings(fmt.Sprintf("%d %d %d", r[0], r[1], r[2])); !ok || again != r {
			t.Fatalf("parseRatings(%q) = %v, but its plain form reads %v, %v", text, r, again, ok)
		}
	})
}

var digitsRE = regexp.MustCompile(`\d+$`)

// FuzzTypedDispose: the command reader takes 「已处理 N」 as the disposal
// command with the number typed (or a full reference, or none); nothing
// else is taken for it. Which batch N names is flows.ChooseItem's (the
// disposal transcript shows it).
func FuzzTypedDispose(f *testing.F) {
	for _, s := range []string{"已处理 12", "已处理12", "已销毁 #3", "处理留样＃7", "留样已处理 007", "已处理 0", "已处理 999999999999",
		"已处理 1234567890123", "已处理 -1", "已处理 12 个", "已处理", "已处理 一", "已处理 LY-20261120-001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := parse.Normalize(s)
		c, ok := flows.ReadCommand(text, typedWords)
		if !ok {
			return
		}
		if !slices.ContainsFunc([]string{"已处理", "已销毁", "处理留样", "留样已处理"}, func(w string) bool { return strings.HasPrefix(text, w) }) {
			t.Fatalf("ReadCommand(%q) = %+v: not a disposal command", text, c)
		}
		switch {
		case c.Ref != "":
		case c.Num == 0:
			if digitsRE.MatchString(text) {
				t.Fatalf("ReadCommand(%q) = %+v: a number typed was lost", text, c)
			}
		default:
			n, err := strconv.ParseInt(digitsRE.FindString(text), 10, 64)
			if err != nil || n != int64(c.Num) {
				t.Fatalf("ReadCommand(%q) = %+v: not the number typed", text, c)
			}
		}
	})
}

// FuzzParseMeal: a meal word names a meal key, and every key and its
// Chinese label name themselves.
func FuzzParseMeal(f *testing.F) {
	for _, s := range []string{"早餐", "午饭", "LUNCH", " 夜宵 ", "中午", "brunch", "snac\u212a", ""} {
		f.Add(s)
	}
	for _, k := range flows.MealKeys {
		if got, ok := ParseMeal(k); !ok || got != k {
			f.Fatalf("ParseMeal(%q) = %q, %v", k, got, ok)
		}
		if got, ok := ParseMeal(flows.MealLabel(k)); !ok || got != k {
			f.Fatalf("ParseMeal(%q) = %q, %v; want %q", flows.MealLabel(k), got, ok, k)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if k, ok := ParseMeal(s); ok && !slices.Contains(flows.MealKeys, k) {
			t.Fatalf("ParseMeal(%q) = %q: not a meal key", s, k)
		}
	})
}

// FuzzLeadingMeal: the meal a message starts with, and the rest of it. The
// rest is a part of the text (never a byte sequence it did not contain),
// and a message that names no meal is left alone.
func FuzzLeadingMeal(f *testing.F) {
	for _, s := range []string{"昨天晚餐 红烧肉 130g", "午餐\n红烧肉 130g", "今天 早饭：馒头", "Lunch 米饭 150", "点心 130g", "点心、米饭", "晚餐",
		"SNAC\u212a 130", "红烧肉 130g"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := parse.Normalize(s)
		meal, off, rest, ok := leadingMeal(text)
		if !ok {
			if rest != text || meal != "" || off != 0 {
				t.Fatalf("leadingMeal(%q) = %q, %d, %q, false: changed a message with no meal", text, meal, off, rest)
			}
			return
		}
		if !slices.Contains(flows.MealKeys, meal) || off != 0 && off != -1 {
			t.Fatalf("leadingMeal(%q) = %q, %d", text, meal, off)
		}
		if !strings.HasSuffix(text, rest) || !utf8.ValidString(rest) && utf8.ValidString(text) {
			t.Fatalf("leadingMeal(%q): rest %q is not the end of the text", text, rest)
		}
	})
}

// FuzzBareGrams: a message that is only a weight reads as the grams the
// dish parser gives that weight after a dish name.
func FuzzBareGrams(f *testing.F) {
	for _, s := range []string{"130", "130克", "130g", "2两", "半斤", "0.5斤", "125.4", "130 128", "红烧肉 130", "0", "5001g", "一百三十克"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := parse.Normalize(s)
		g, ok := bareGrams(text)
		if !ok {
			return
		}
		if g < 1 || g > 5000 {
			t.Fatalf("bareGrams(%q) = %d: outside what a dish may weigh", text, g)
		}
		ds, errs := parse.ParseDishes("菜 " + text)
		if len(errs) > 0 || len(ds) != 1 || ds[0].Grams != g {
			t.Fatalf("bareGrams(%q) = %d, but 「菜 %s」 parses as %+v, %v", text, g, text, ds, errs)
		}
	})
}
