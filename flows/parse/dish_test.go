package parse

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseDishes(t *testing.T) {
	tests := []struct {
		in       string
		want     []Dish
		wantErrs []LineError
	}{
		{
			in:   "红烧肉 130g\n清炒菜心 128\n米饭 150克",
			want: []Dish{{"红烧肉", 130, true}, {"清炒菜心", 128, true}, {"米饭", 150, true}},
		},
		// Weights said in Chinese numerals (the sixth user test's 「青菜一百三 米饭150」
		// had become one dish 「青菜一百三 米饭」 of 150 g); 百叶结 is no weight.
		{
			in:   "青菜一百三 米饭150 汤一百二十五克 红烧肉两百 百叶结 130",
			want: []Dish{{"青菜", 130, true}, {"米饭", 150, true}, {"汤", 125, true}, {"红烧肉", 200, true}, {"百叶结", 130, true}},
		},
		// What cooks type in a hurry: one weight for several (各), 克 typed
		// as 刻, a number and a space as the list number, a count before
		// the weight, 多点 and 左右 after numbers, and remarks that are no
		// dish, before a dish or on their own.
		{
			in: "蛋糕、酸奶、香蕉 各100克\n鱼香肉丝130刻\n1 红烧带鱼 140g\n3 二两米饭\n茶叶蛋一个大约110克\n番茄牛腩140多点 炒西葫芦130\n左右\n照片发群里了\n今天人多做了两锅 梅干菜烧肉150",
			want: []Dish{{"蛋糕", 100, true}, {"酸奶", 100, true}, {"香蕉", 100, true}, {"鱼香肉丝", 130, true}, {"红烧带鱼", 140, true},
				{"米饭", 100, true}, {"茶叶蛋", 110, true}, {"番茄牛腩", 140, true}, {"炒西葫芦", 130, true}, {"梅干菜烧肉", 150, true}},
		},
		// The eighth user test's: filler before a dish (留了的 红烧鱼130 had
		// been 「的 红烧鱼」), and a remark that hedges (好像有点高).
		{
			in:   "的 红烧鱼130 留了的 炒青菜130 米饭150 好像有点高",
			want: []Dish{{"红烧鱼", 130, true}, {"炒青菜", 130, true}, {"米饭", 150, true}},
		},
		{
			in:       "150 米饭", // a weight first without a unit: asked again, not read as list number 150
			wantErrs: []LineError{{Line: 1, Item: "150 米饭", Text: textBadWeight}},
		},
		{
			in:   "红烧肉130克，青菜 2两",
			want: []Dish{{"红烧肉", 130, true}, {"青菜", 100, true}},
		},
		{
			in:   "番茄炒蛋 1.5两; 馒头 半斤、米饭 0.2kg。鸡腿 一斤半,汤 0.25公斤；鱼 125G",
			want: []Dish{{"番茄炒蛋", 75, true}, {"馒头", 250, true}, {"米饭", 200, true}, {"鸡腿", 750, true}, {"汤", 250, true}, {"鱼", 125, true}},
		},
		{
			in:   "１．红烧肉　１３０ｇ\n2、 青菜 128 克\n③ 米饭150公克",
			want: []Dish{{"红烧肉", 130, true}, {"青菜", 128, true}, {"米饭", 150, true}},
		},
		{
			in:   "130g 红烧肉\n二两米饭\n1.5两红烧肉",
			want: []Dish{{"红烧肉", 130, true}, {"米饭", 100, true}, {"红烧肉", 75, true}},
		},
		// Several dishes on a line separated only by spaces: split after each
		// weight that follows a name, never inside "130 克" or before a weight.
		{
			in: "红烧肉130g 青菜128g 米饭150g\n鱼香肉丝130 炒豆芽126 馒头150\n红烧肉 二两半 青菜 三两\n回锅肉 130 克 炒青菜 128 克\n二两 米饭\n1.宫爆鸡丁130g 2.炒西红柿130g\n冬瓜汤 200克. 馒头 1.5两.",
			want: []Dish{{"红烧肉", 130, true}, {"青菜", 128, true}, {"米饭", 150, true}, {"鱼香肉丝", 130, true}, {"炒豆芽", 126, true},
				{"馒头", 150, true}, {"红烧肉", 125, true}, {"青菜", 150, true}, {"回锅肉", 130, true}, {"炒青菜", 128, true}, {"米饭", 100, true},
				{"宫爆鸡丁", 130, true}, {"炒西红柿", 130, true}, {"冬瓜汤", 200, true}, {"馒头", 75, true}},
		},
		{
			in:   "三鲜汤\n四季豆 130克\n红烧肉一百三十克\n八宝饭 约130克左右\n3号套餐 130g",
			want: []Dish{{"三鲜汤", 0, false}, {"四季豆", 130, true}, {"红烧肉", 130, true}, {"八宝饭", 130, true}, {"3号套餐", 130, true}},
		},
		// A count of pieces is not a weight: the dish is named without it
		// and its weight is still to come; a name after the count is the
		// next dish, a weight after it the pieces' weight.
		{
			in: "包子130 粥150 茶叶蛋两个 米粉140\n茶叶蛋2个\n包子两个 130克\n包子 2个 约260克\n鸡腿一个 一共150克\n油条两根 豆浆 200\n茶叶蛋两个 重庆小面140",
			want: []Dish{{"包子", 130, true}, {"粥", 150, true}, {"茶叶蛋", 0, false}, {"米粉", 140, true}, {"茶叶蛋", 0, false},
				{"包子", 130, true}, {"包子", 260, true}, {"鸡腿", 150, true}, {"油条", 0, false}, {"豆浆", 200, true}, {"茶叶蛋", 0, false}, {"重庆小面", 140, true}},
		},
		// The fourteenth user test: a hedge after the count (大概, 差不多)
		// and a word of when (现在, 又) are no part of the dish.
		{
			in:   "茶叶蛋两个大概130g\n油条一份差不多140\n又夹了两块 现在锅包肉一百三\n馒头现在一百五\n鸡蛋两个 大概130",
			want: []Dish{{"茶叶蛋", 130, true}, {"油条", 140, true}, {"锅包肉", 130, true}, {"馒头", 150, true}, {"鸡蛋", 130, true}},
		},
		{
			in:   "午餐：\n午餐：红烧肉 130g，青菜 128g\n汤：200克\n晚餐\n\n",
			want: []Dish{{"红烧肉", 130, true}, {"青菜", 128, true}, {"汤", 200, true}},
		},
		{
			in:   "红烧肉 130.4g\n青菜 130.5g",
			want: []Dish{{"红烧肉", 130, true}, {"青菜", 131, true}},
		},
		{
			in:   "130g\n红烧肉 13o克\n鸡腿 9999g\n汤 0g\n饭 0.2g\n???\n红烧肉 一三两\n" + strings.Repeat("很长", 16),
			want: nil,
			wantErrs: []LineError{
				{1, "130g", textNoName},
				{2, "红烧肉 13o克", textBadWeight},
				{3, "鸡腿 9999g", textWeight},
				{4, "汤 0g", textWeight},
				{5, "饭 0.2g", textWeight},
				{6, "???", textGarbage},
				{7, "红烧肉 一三两", textBadWeight},
				{8, strings.Repeat("很长", 16), textLongName},
			},
		},
		{
			in:       "红烧肉 130g\n 5000g米饭 ，5001g 馒头",
			want:     []Dish{{"红烧肉", 130, true}, {"米饭", 5000, true}},
			wantErrs: []LineError{{2, "5001g 馒头", textWeight}},
		},
		{in: "", want: nil},
		{in: " ，，、\n;", want: nil},
		{in: "红烧肉 130g, ,青菜", want: []Dish{{"红烧肉", 130, true}, {"青菜", 0, false}}},
	}
	for _, tt := range tests {
		got, gotErrs := ParseDishes(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseDishes(%q) dishes = %v, want %v", tt.in, got, tt.want)
		}
		if !reflect.DeepEqual(gotErrs, tt.wantErrs) {
			t.Errorf("ParseDishes(%q) errors = %v, want %v", tt.in, gotErrs, tt.wantErrs)
		}
	}
}

func TestLineErrorString(t *testing.T) {
	e := LineError{Line: 2, Item: "鸡腿 9999g", Text: textWeight}
	if got, want := e.String(), "第 2 行“鸡腿 9999g”：重量不合理，请核对（应在 1 到 5000 克之间）。"; got != want {
		t.Errorf("LineError.String() = %q, want %q", got, want)
	}
}

func FuzzParseDishes(f *testing.F) {
	for _, s := range []string{"红烧肉 130g\n清炒菜心 128\n米饭 150克", "红烧肉130克，青菜 2两", "1.5两红烧肉", "午餐：红烧肉 一斤半", "鸡腿 9999g", "130g", "１．三鲜汤"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dishes, errs := ParseDishes(s)
		lines := strings.Count(Normalize(s), "\n") + 1
		for _, d := range dishes {
			if d.Name == "" || utf8.RuneCountInString(d.Name) > maxDishName || strings.ContainsAny(d.Name, "\n，,;；、。") || !utf8.ValidString(d.Name) {
				t.Fatalf("ParseDishes(%q): bad name in %+v", s, d)
			}
			if d.HasWeight && (d.Grams < 1 || d.Grams > MaxGrams) || !d.HasWeight && d.Grams != 0 {
				t.Fatalf("ParseDishes(%q): bad weight in %+v", s, d)
			}
		}
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Text == "" || e.Item == "" {
				t.Fatalf("ParseDishes(%q): bad error %+v", s, e)
			}
		}
	})
}

func TestParseTemperature(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr error
	}{
		{"4", 4, nil},
		{"4.5度", 4.5, nil},
		{"4℃", 4, nil},
		{"4°C", 4, nil},
		{"4 °c", 4, nil},
		{"4摄氏度", 4, nil},
		{"-2", -2, nil},
		{"零下2度", -2, nil},
		{"零下 2.5 ℃", -2.5, nil},
		{"负2度", -2, nil},
		{"+3", 3, nil},
		{"０", 0, nil},
		{"零度", 0, nil},
		{"四度", 4, nil},
		{"零下十八度", -18, nil},
		{"温度：5", 5, nil},
		{"６０", 60, nil},
		{"-30", -30, nil},
		{"61", 0, ErrTemperatureRange},
		{"零下31度", 0, ErrTemperatureRange},
		{"1e1", 0, ErrTemperature},
		{"inf", 0, ErrTemperature},
		{"NaN", 0, ErrTemperature},
		{"4.5.1", 0, ErrTemperature},
		{"40°F", 0, ErrTemperature},
		{"冷", 0, ErrTemperature},
		{"", 0, ErrTemperature},
		{"-", 0, ErrTemperature},
		{"4度5", 0, ErrTemperature},
	}
	for _, tt := range tests {
		got, err := ParseTemperature(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("ParseTemperature(%q) = %v, %v, want %v, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzParseTemperature(f *testing.F) {
	for _, s := range []string{"4", "4.5度", "零下2度", "4°C", "-2", "１e9", "九千九百九十九"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseTemperature(s)
		if err != nil {
			if v != 0 || !errors.Is(err, ErrTemperature) && !errors.Is(err, ErrTemperatureRange) || ErrorText(err) == "" {
				t.Fatalf("ParseTemperature(%q) = %v, %v", s, v, err)
			}
			return
		}
		if math.IsNaN(v) || v < -30 || v > 60 {
			t.Fatalf("ParseTemperature(%q) = %v, out of range", s, v)
		}
	})
}
