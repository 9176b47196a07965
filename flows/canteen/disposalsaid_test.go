package canteen

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// readDisposalSaid reads a disposal told of the samples it describes, said
// on Tuesday 2026-11-24, and nothing else: not a record, a dish, a
// question, a request to dispose early or a day to come.
func TestReadDisposalSaid(t *testing.T) {
	tue := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		text     string
		ok       bool
		from, to time.Time
		label    string
		meals    []string
		count    int
		all      bool
	}{
		{"上礼拜那两个留样早倒掉了", true, d(16), d(22), "上周", nil, 2, false},
		{"上周的留样都扔了", true, d(16), d(22), "上周", nil, 0, true},
		{"前天的留样倒了", true, d(22), d(22), "11月22日", nil, 0, false},
		{"那几个留样都处理掉了", true, time.Time{}, time.Time{}, "", nil, 0, true},
		{"留样早扔了", true, time.Time{}, time.Time{}, "", nil, 0, false},
		{"留样早就扔掉了", true, time.Time{}, time.Time{}, "", nil, 0, false},
		{"11月20日的留样已经倒了", true, d(20), d(20), "11月20日", nil, 0, false},
		{"这周的留样我都处理了", true, d(23), d(24), "这周", nil, 0, true},
		{"之前那三盒早倒了", true, time.Time{}, d(23), "之前", nil, 3, false},
		{"昨天中午的那两份样品都倒了", true, d(23), d(23), "昨天", []string{flows.MealLunch}, 2, true},
		{"今天午餐留样 红烧肉150克 青菜140克 米饭130克 冰箱4度", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"汤倒了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"倒掉了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"昨天的留样可以倒了吗", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"前天的留样倒了没有", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"今天的留样先倒了吧", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"明天的留样倒了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"留样冰箱坏了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"留样的红烧肉倒了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"2号的留样早倒了", true, d(2), d(2), "11月2日", nil, 0, false}, // Typed reads it as 2号的留样倒了 first: the batch numbered 2
		{"今天的留样早点倒了吧", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"上礼拜五那两批留样都倒了 盒子也洗了", true, d(20), d(20), "11月20日", nil, 2, true},
		{"周五的留样倒了，冰箱也腾出来了", true, d(20), d(20), "11月20日", nil, 0, false},
		{"这周一的留样早倒了", true, d(23), d(23), "11月23日", nil, 0, false},
		{"上周日的留样倒了", true, d(22), d(22), "11月22日", nil, 0, false},
		{"这周五的留样倒了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"留样的盒子洗了", false, time.Time{}, time.Time{}, "", nil, 0, false},
		{"鸡腿没留样 倒了", false, time.Time{}, time.Time{}, "", nil, 0, false},
	} {
		got, ok := readDisposalSaid(c.text, tue, defaultVocab())
		if ok != c.ok {
			t.Errorf("readDisposalSaid(%q) ok = %v, want %v", c.text, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		if !got.from.Equal(c.from) || !got.to.Equal(c.to) || got.label != c.label || got.count != c.count || got.all != c.all ||
			len(got.meals) != len(c.meals) || len(c.meals) > 0 && got.meals[0] != c.meals[0] {
			t.Errorf("readDisposalSaid(%q) = %s–%s %q meals %v count %d all %v, want %s–%s %q meals %v count %d all %v", c.text,
				got.from.Format(time.DateOnly), got.to.Format(time.DateOnly), got.label, got.meals, got.count, got.all,
				c.from.Format(time.DateOnly), c.to.Format(time.DateOnly), c.label, c.meals, c.count, c.all)
		}
	}
}
