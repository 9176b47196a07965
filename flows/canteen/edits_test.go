package canteen

import (
	"slices"
	"testing"
)

// TestReadDishEdit reads a change of one dish as a cook says it at a
// read-back; what is no such change (a list, 不要了 alone, 都不要了, a
// meal's dishes) is left to be read as before.
func TestReadDishEdit(t *testing.T) {
	tests := []struct {
		in   string
		want dishEdit
		ok   bool
	}{
		{"豆浆换成小米粥", dishEdit{editSwap, "豆浆", "小米粥"}, true},
		{"把包子换成肉包。", dishEdit{editSwap, "包子", "肉包"}, true},
		{"肉包改成包子吧", dishEdit{editSwap, "肉包", "包子"}, true},
		{"将米饭改为馒头", dishEdit{editSwap, "米饭", "馒头"}, true},
		{"加一个咸鸭蛋", dishEdit{Kind: editAdd, To: "咸鸭蛋"}, true},
		{"再加一个榨菜", dishEdit{Kind: editAdd, To: "榨菜"}, true},
		{"加个水果", dishEdit{Kind: editAdd, To: "水果"}, true},
		{"增加 紫菜汤", dishEdit{Kind: editAdd, To: "紫菜汤"}, true},
		{"去掉榨菜", dishEdit{Kind: editRemove, From: "榨菜"}, true},
		{"删除 茶叶蛋", dishEdit{Kind: editRemove, From: "茶叶蛋"}, true},
		{"咸鸭蛋不要了", dishEdit{Kind: editRemove, From: "咸鸭蛋"}, true},
		{"把茶叶蛋两个那行删了", dishEdit{Kind: editRemove, From: "茶叶蛋"}, true},
		{"茶叶蛋那行删了", dishEdit{Kind: editRemove, From: "茶叶蛋"}, true},
		{"把米饭删了", dishEdit{Kind: editRemove, From: "米饭"}, true},
		{"不要米饭了", dishEdit{Kind: editRemove, From: "米饭"}, true},
		{"不要了", dishEdit{}, false},
		{"米饭改成160", dishEdit{}, false},
		{"包子、豆浆换成小米粥", dishEdit{}, false},
		{"都不要了", dishEdit{}, false},
		{"加餐", dishEdit{}, false},
		{"红烧肉、番茄炒蛋、米饭", dishEdit{}, false},
		{"米饭 160", dishEdit{}, false},
		{"米饭 150 汤不要了", dishEdit{}, false},
		{"确认保存", dishEdit{}, false},
		{"红烧肉\n去掉米饭", dishEdit{}, false},
	}
	for _, tt := range tests {
		got, ok := readDishEdit(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("readDishEdit(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestFindDish finds the dish a person names among those listed: the
// name, the name without a count, or the only one either contains.
func TestFindDish(t *testing.T) {
	listed := []string{"包子", "小米粥", "茶叶蛋", "炒米粉", "米饭", "炒米饭"}
	for said, want := range map[string]int{
		"包子": 0, "茶叶蛋两个": 2, "粥": 1, "小米粥": 1, "米粉": 3, "米饭": 4,
		"炒饭": -1, // in neither name
		"饭":  -1, // in 米饭 and 炒米饭: which is not said
		"油条": -1,
	} {
		if got := findDish(listed, said); got != want {
			t.Errorf("findDish(%q) = %d, want %d", said, got, want)
		}
	}
}

// TestSaidWeight reads a weight said in a sentence about one dish listed;
// a count, two weights, two dishes or none, and a typo are not one.
func TestSaidWeight(t *testing.T) {
	items := []SampleItem{{"鸡蛋", 130}, {"牛奶", 150}, {"番茄炒蛋", 130}}
	tests := []struct {
		in    string
		i, g  int
		found bool
	}{
		{"鸡蛋再加一个 现在150了", 0, 150, true},
		{"牛奶称了下其实是160克", 1, 160, true},
		{"番茄炒蛋又加了点 3两了", 2, 150, true}, // not 蛋 of 鸡蛋
		{"鸡蛋再加2个 现在150了", 0, 150, true},
		{"鸡蛋150 牛奶160了", 0, 0, false},
		{"鸡蛋和牛奶都是150了", 0, 0, false},
		{"米饭现在150了", 0, 0, false},
		{"鸡蛋再加一个", 0, 0, false},
		{"鸡蛋 13o克", 0, 0, false},
		{"鸡蛋再加一个 现在150了\n牛奶 160", 0, 0, false},
	}
	for _, tt := range tests {
		i, g, ok := saidWeight(items, tt.in)
		if ok != tt.found || ok && (i != tt.i || g != tt.g) {
			t.Errorf("saidWeight(%q) = %d, %d, %v; want %d, %d, %v", tt.in, i, g, ok, tt.i, tt.g, tt.found)
		}
	}
}

// TestMergeItems: a dish sent again replaces the one listed under the
// same name, or under a name either contains when it is the only one; the
// menu's name is kept, and two dishes of the menu stay two.
func TestMergeItems(t *testing.T) {
	menu := []string{"包子", "小米粥", "炒米粉", "鸡蛋", "番茄炒鸡蛋"}
	have := []SampleItem{{"包子", 130}, {"粥", 150}, {"米粉", 140}, {"番茄炒鸡蛋", 130}}
	got := mergeItems(slices.Clone(have), []SampleItem{{"炒米粉", 145}, {"小米粥", 160}, {"鸡蛋", 130}, {"包子", 135}}, menu)
	want := []SampleItem{{"包子", 135}, {"小米粥", 160}, {"炒米粉", 145}, {"番茄炒鸡蛋", 130}, {"鸡蛋", 130}}
	if !slices.Equal(got, want) {
		t.Errorf("mergeItems = %v, want %v", got, want)
	}
	// Without a menu the name listed stays; dishes of one message are
	// never merged with each other.
	got = mergeItems([]SampleItem{{"小米粥", 150}}, []SampleItem{{"粥", 160}}, nil)
	if want := []SampleItem{{"小米粥", 160}}; !slices.Equal(got, want) {
		t.Errorf("mergeItems without a menu = %v, want %v", got, want)
	}
	got = mergeItems(nil, []SampleItem{{"米饭", 150}, {"炒米饭", 130}}, nil)
	if want := []SampleItem{{"米饭", 150}, {"炒米饭", 130}}; !slices.Equal(got, want) {
		t.Errorf("mergeItems of one message = %v, want %v", got, want)
	}
}

// TestCountedWeight reads a weight said by a count and the thing counted.
func TestCountedWeight(t *testing.T) {
	items := []SampleItem{{Dish: "肉包子", Grams: 130}, {Dish: "豆浆", Grams: 200}, {Dish: "茶叶蛋"}}
	tests := []struct {
		in     string
		i, g   int
		wantOK bool
	}{
		{"两个蛋差不多120克", 2, 120, true},
		{"三个蛋180克", 2, 180, true},
		{"2个茶叶蛋 150", 2, 150, true},
		{"3个包子一共150", 0, 150, true},
		{"两个蛋", 0, 0, false},             // no weight
		{"两个鸭蛋120克", 0, 0, false},        // 鸭蛋 is no dish listed
		{"两个蛋120克 冰箱5度", 2, 120, true},   // a temperature is no weight
		{"番茄炒蛋 120", 0, 0, false},        // no count
		{"两个蛋 一个120 一个130", 0, 0, false}, // two weights
	}
	for _, tt := range tests {
		i, g, ok := countedWeight(items, tt.in)
		if ok != tt.wantOK || (ok && (i != tt.i || g != tt.g)) {
			t.Errorf("countedWeight(%q) = %d, %d, %v; want %d, %d, %v", tt.in, i, g, ok, tt.i, tt.g, tt.wantOK)
		}
	}
}
