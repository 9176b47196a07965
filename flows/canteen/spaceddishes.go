package canteen

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Dishes typed without weights and with spaces between them (user test
// 29c: 「午餐留样 米饭 红烧肉 青菜 冰箱4度」 asked the weight of one dish
// called 「米饭 红烧肉 青菜」) are as many dishes: a space separates short
// dish names as 、，和 do, in a 留样 message as in a menu or a 陪餐 record
// (accompany.go's dishNames).
//
// A name typed with a space inside it, 「西红柿 炒蛋」, is then two words.
// The day's menu decides: words whose joining is a dish of the menu
// (西红柿炒蛋) are that one dish. Without a menu they are two dishes, read
// back line by line, where the cook sees them and can change them (改菜品);
// guessing from cooking verbs would
// also glue 「米饭 炒青菜」, two dishes, into one, which is worse (a dish
// lost from the record is a 漏留样, a dish split in two is visible).

// spacedWordRE is a word that may stand as a dish of its own: Han
// characters (a letter or two may follow, as in 鸡蛋A), no digits.
var spacedWordRE = rx.MustCompile(`^\p{Han}{2,10}[A-Za-z]{0,2}$`)

// spacedNotDishRE is in words that are the cook's talk, never a dish:
// pronouns, verbs of weighing and adding (我再补点 青菜), and people
// (张师傅 李师傅, user test 8).
var spacedNotDishRE = rx.MustCompile(`我|你|他|她|补|称|刚|再|说|师傅|老师|阿姨|校长|主任|的$`)

// splitSpaced splits each dish whose name holds
// spaces into its words, when every word may be a dish (spacedWordRE)
// and none is a sentence's (sentenceName, spacedNotDishRE); words whose
// joining is a dish of the menu stay one dish. A weight typed after the
// words is the last dish's. Anything else is left as it was.
func splitSpaced(dishes []parse.Dish, menu []string) []parse.Dish {
	var out []parse.Dish
	for _, ds := range dishes {
		words := strings.Fields(ds.Name)
		if len(words) < 2 || !wordsAreDishes(words) {
			out = append(out, ds)
			continue
		}
		if _, ok := notKeptSaid(ds.Name); ok || condimentOnly(ds.Name) {
			out = append(out, ds)
			continue
		}
		names := joinByMenu(words, menu)
		for i, name := range names {
			d := parse.Dish{Name: name}
			if i == len(names)-1 && ds.HasWeight {
				// 米饭 红烧肉 青菜125: the weight is the last dish's; the
				// others' are asked.
				d.Grams, d.HasWeight = ds.Grams, true
			}
			out = append(out, d)
		}
	}
	return out
}

func wordsAreDishes(words []string) bool {
	for _, w := range words {
		if !spacedWordRE.MatchString(w) || sentenceName(w) || spacedNotDishRE.MatchString(w) || eachFiller[w] {
			return false
		}
	}
	return true
}

// joinByMenu joins runs of adjacent words that make a dish of the menu
// (西红柿 炒蛋 for 西红柿炒蛋), the longest run first.
func joinByMenu(words, menu []string) []string {
	var out []string
	for i := 0; i < len(words); {
		n := 1
		for j := len(words); j > i+1; j-- {
			if joined := strings.Join(words[i:j], ""); utf8.RuneCountInString(joined) <= 20 && slices.Contains(menu, joined) {
				n = j - i
				break
			}
		}
		out = append(out, strings.Join(words[i:i+n], ""))
		i += n
	}
	return out
}
