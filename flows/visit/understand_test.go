package visit

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The examples, one by one (the corpus has them in context).
func TestParseVisitorAsGuardsType(t *testing.T) {
	for _, tt := range []struct {
		text string
		want VisitorGuess
	}{
		{"王强等3人 找初二3班班主任 送教材", VisitorGuess{Name: "王强", Party: 3, Host: "初二3班班主任", Purpose: "送货", PurposeNote: "送教材"}},
		{"快递 申通 刘小明", VisitorGuess{Name: "刘小明", Org: "申通", Purpose: "送货", PurposeNote: "快递"}},
		{"司机赵建军 送食堂蔬菜", VisitorGuess{Name: "赵建军", Purpose: "送货", PurposeNote: "送食堂蔬菜"}},
		{"负责人孙海 格力售后", VisitorGuess{Name: "孙海", Org: "格力售后"}},
		{"John Smith 护照 E12345678", VisitorGuess{Name: "John Smith", IDType: IDPassport, IDNumber: "E12345678"}},
		{"事由：送实验器材", VisitorGuess{Purpose: "其他", PurposeNote: "送实验器材"}},
		{"商务洽谈", VisitorGuess{Purpose: "其他", PurposeNote: "商务洽谈"}},
		{"接孙子", VisitorGuess{Purpose: "家长来访", PurposeNote: "接孙子"}},
		{"叫唐敏/找陈主任|区教育局；检查", VisitorGuess{Name: "唐敏", Host: "陈主任", Org: "区教育局", Purpose: "公务", PurposeNote: "检查"}},
		// No document: recorded as none with the guard's words; another
		// document keeps its name.
		{"刘桂兰 没带身份证 说忘家里了", VisitorGuess{Name: "刘桂兰", IDType: IDNone, IDNote: "没带身份证，说忘家里了"}},
		{"郭明 没带身份证 户口本也没有", VisitorGuess{Name: "郭明", IDType: IDNone, IDNote: "没带身份证，户口本也没有"}},
		{"张师傅 找何师傅 修空调", VisitorGuess{Name: "张师傅", Host: "何师傅", Purpose: "施工维修", PurposeNote: "修空调"}},
		{"罗杰 驾驶证 510107197710266498", VisitorGuess{Name: "罗杰", IDType: IDOther, IDNote: "驾驶证", IDNumber: "510107197710266498"}},
		{"石磊 其他证件", VisitorGuess{Name: "石磊", IDType: IDOther}},
		{"邱菊 没带身份证 有护照 E98765432", VisitorGuess{Name: "邱菊", IDType: IDPassport, IDNumber: "E98765432", IDNote: "没带身份证"}},
		// IDs in groups of four, or 6-8-4, next to a phone in groups.
		{"杨帆 6101 1319 7311 2282 25 137 1234 5678", VisitorGuess{Name: "杨帆", IDNumber: "610113197311228225", Phone: "13712345678"}},
		{"身份证 310104 19690316 8260", VisitorGuess{IDType: IDResident, IDNumber: "310104196903168260"}},
		// Two phone numbers are never one ID number.
		{"13812345678 13912345678", VisitorGuess{Phone: "13812345678"}},
		// Several visitors: companions counted, the one named kept.
		{"郝建 同行一人 监考", VisitorGuess{Name: "郝建", Party: 2, Purpose: "公务", PurposeNote: "监考"}},
		{"孙杰 和爱人 开家长会", VisitorGuess{Name: "孙杰", Party: 2, Purpose: "家长来访", PurposeNote: "开家长会"}},
		{"三个学生家长 带头的叫秦梅", VisitorGuess{Name: "秦梅", Party: 3, Parent: true, Org: "学生家长", Purpose: "家长来访"}},
		{"麦琳 没待身份证", VisitorGuess{Name: "麦琳", IDType: IDNone, IDNote: "没待身份证"}},
		{"督查组 组长许文等三人", VisitorGuess{Name: "许文", Party: 3, Purpose: "公务", PurposeNote: "督查"}},
		// A parent: the organisation and purpose follow.
		{"家长 许晴", VisitorGuess{Name: "许晴", Org: "学生家长", Parent: true, Purpose: "家长来访"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			got := ParseVisitor(tt.text)
			if tt.text == "13812345678 13912345678" {
				got.BadPhone = "" // the second number is simply not used
			}
			if got != tt.want {
				t.Errorf("ParseVisitor(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

// Another document shown instead of the ID card is that document, the
// guard's words after it; another document not brought says nothing of
// the ID card.
func TestParseVisitorOtherDocuments(t *testing.T) {
	for _, tt := range []struct {
		text string
		want VisitorGuess
	}{
		{"没带身份证 有工作证", VisitorGuess{IDType: IDOther, IDNote: "工作证（没带身份证）"}},
		{"没带身份证 说忘家里了 有工作证", VisitorGuess{IDType: IDOther, IDNote: "工作证（没带身份证，说忘家里了）"}},
		{"没带身份证 驾驶证 510107197710266498", VisitorGuess{IDType: IDOther, IDNote: "驾驶证（没带身份证）", IDNumber: "510107197710266498"}},
		{"张三 只有驾照", VisitorGuess{Name: "张三", IDType: IDOther, IDNote: "驾照"}},
		{"张三 没带工作证", VisitorGuess{Name: "张三"}},
		{"工作证也没带 身份证也没带", VisitorGuess{IDType: IDNone, IDNote: "身份证也没带"}},
		// A 工作证 may have no number: said so, nothing is left to ask.
		{"没带身份证 工作证上没有号码", VisitorGuess{IDType: IDOther, IDNote: "工作证（没带身份证）", NoNumber: true}},
		{"有工作证 没有编号", VisitorGuess{IDType: IDOther, IDNote: "工作证", NoNumber: true}},
		// An organisation, then who of it came and why (a user test).
		{"教育局刘科长 来检查食堂 没带身份证 有工作证", VisitorGuess{Name: "刘科长", Org: "教育局", Purpose: "公务", PurposeNote: "来检查食堂",
			IDType: IDOther, IDNote: "工作证（没带身份证）"}},
		{"教育局刘科长来检查食堂，没带身份证，有工作证", VisitorGuess{Name: "刘科长", Org: "教育局", Purpose: "公务", PurposeNote: "来检查食堂",
			IDType: IDOther, IDNote: "工作证（没带身份证）"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := ParseVisitor(tt.text); got != tt.want {
				t.Errorf("ParseVisitor(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

// How the visitor came, without a car: no vehicle, at the plate question
// too.
func TestParseVisitorNoCar(t *testing.T) {
	for _, text := range []string{"走路来的", "骑电动车来的", "打车过来的", "步行", "没开车",
		"车停外边马路上了，不开进来", "车停路边了", "不开进来"} {
		if got := ParseVisitor(text); got != (VisitorGuess{NoVehicle: true}) {
			t.Errorf("ParseVisitor(%q) = %+v, want no vehicle only", text, got)
		}
	}
}

// Check-ins told as a story: the words of arriving go, a count of those
// who came is the party, and a surname alone is kept apart from the name.
func TestParseVisitorStories(t *testing.T) {
	for _, tt := range []struct {
		text string
		want VisitorGuess
	}{
		{"教育局来了两个人检查食堂，带队的姓刘，找陈主任", VisitorGuess{Surname: "刘", Org: "教育局", Purpose: "公务", PurposeNote: "检查食堂", Host: "陈主任", Party: 2, Arrived: true}},
		{"送菜的车到了 司机姓黄 浙A5K231", VisitorGuess{Surname: "黄", Driver: true, Purpose: "送货", PurposeNote: "送菜", Plate: "浙A5K231", Arrived: true}},
		{"印刷厂送试卷来了 12箱 封着条的 司机姓刘 13522223333 车牌京C12345 说要交给教务处", VisitorGuess{Surname: "刘", Driver: true, Phone: "13522223333", Org: "印刷厂", Purpose: "送货", PurposeNote: "送试卷", Host: "教务处", Plate: "京C12345", Arrived: true}},
		{"修空调的师傅到了 海尔售后 姓何", VisitorGuess{Surname: "何", Driver: true, Org: "海尔售后", Purpose: "施工维修", PurposeNote: "修空调", Arrived: true}},
		{"派出所来了两个民警 找张校长", VisitorGuess{Org: "派出所", Host: "张校长", Party: 2, Arrived: true}},
		{"姓欧阳的 找李老师", VisitorGuess{Surname: "欧阳", Host: "李老师"}},
		// The name, when given, says more than the surname.
		{"司机姓祝 祝永福", VisitorGuess{Name: "祝永福", Surname: "祝", Driver: true}},
		// A child's surname is not the visitor's.
		{"家长 孩子姓王 找李老师", VisitorGuess{Parent: true, Org: "学生家长", Purpose: "家长来访", Host: "李老师"}},
		{"工人来了 找王师傅 修门", VisitorGuess{Host: "王师傅", Purpose: "施工维修", PurposeNote: "修门", Arrived: true}},
		{"走路来的", VisitorGuess{NoVehicle: true}},
		// User test 16's: what the host does for a delivery is no part of
		// the host's name (找钱阿姨签收), and a name in the form suggested
		// is taken after 叫 (人叫黄师傅).
		{"送菜的车到了 找钱阿姨签收", VisitorGuess{Purpose: "送货", PurposeNote: "送菜", Host: "钱阿姨", Arrived: true}},
		{"人叫黄师傅，找食堂钱阿姨", VisitorGuess{Name: "黄师傅", Host: "食堂钱阿姨"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := ParseVisitor(tt.text); got != tt.want {
				t.Errorf("ParseVisitor(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindHosts(t *testing.T) {
	_, c := newCorpusWorld(t)
	for _, tt := range []struct{ query, want string }{
		{"李建国老师", "李建国"}, // full name first: never 蒋国栋 for 国
		{"初二3班班主任", "李建国"},
		{"初二(3)班", "李建国"},
		{"初二三班的班主任", "李建国"},
		{"初三年级1班班主任", "蒋国栋"},
		{"总务处", "陈伟"},
		{"教务处孙主任", "孙海燕"},
		{"刘副校长", "刘建华"},
		{"副校长", "刘建华"},
		{"校长", "张志明"},
		{"总务主任", "陈伟"},
		{"何师傅", "何永强"},
		{"郑老师", "郑小红"}, // not the guard 老郑
		{"王老师", "王丽|王芳"},
		{"李老师", "李娜|李建国"},
		{"刘建华副校长", "刘建华"},
		{"吴晓冬老师", "吴晓东"}, // a slip of the input method: same surname, length, initials
		{"吴晓冬", "吴晓东"},
		{"姜国栋老师", "蒋国栋"}, // voice input: a surname that sounds the same, the same given name
		{"江国栋", "蒋国栋"},
		{"姜国强", ""}, // another given name is another person
		{"何师父", "何永强"},
		{"陈主人", "陈伟"},
		{"李建军", ""},    // a different name is not a slip: 李建国's initials are ljg
		{"hyq", "何永强"}, // pinyin initials, the directory's own search
		{"不存在的人", ""},
	} {
		ss, err := findHosts(context.Background(), defaultVocab(), c, 1, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range ss {
			names = append(names, s.Name)
		}
		slices.Sort(names)
		got := strings.Join(names, "|")
		if got != tt.want {
			t.Errorf("findHosts(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

// A visit registered without a document keeps that and the guard's words,
// and nothing sealed or hashed; another document is sealed for its row.
func TestRecordsOfVisitsWithoutAnIDCard(t *testing.T) {
	vault := testVault(t)
	w := play(t, "老郑: 刘桂兰 没带身份证 13512345678 找李老师 接孙子\n老郑: 无\n老郑: 1\n"+
		"老郑: 罗杰 驾驶证 510107197710266498 13300002222 找陈主任 消防检查 区消防大队 步行\n老郑: 1\n")
	if len(w.visits) != 2 {
		t.Fatalf("%d visits, want 2", len(w.visits))
	}
	none, other := w.visits[0], w.visits[1]
	if none.IDType != IDNone || none.IDNote != "没带身份证" || none.IDCipher != nil || none.IDHash != "" || none.IDMasked != "" {
		t.Errorf("without a document: %+v", none)
	}
	if other.IDType != IDOther || other.IDNote != "驾驶证" || other.IDMasked != "510107********6498" ||
		other.IDHash != vault.Hash(other.SchoolID, "510107197710266498") {
		t.Errorf("with a 驾驶证: %+v", other)
	}
	if plain, err := vault.Open(other.IDCipher, VisitRow(other.SchoolID, other.ID)); err != nil || plain != "510107197710266498" {
		t.Errorf("the 驾驶证 number opens to %q, %v", plain, err)
	}
	for _, q := range w.Outbox {
		if strings.Contains(q.Text, "510107197710266498") {
			t.Errorf("a notification shows the plain number: %s", q.Text)
		}
	}
}

// A 工作证 without a number is recorded as that document, with nothing
// sealed, hashed or masked.
func TestRecordsOfAWorkIDWithoutANumber(t *testing.T) {
	w := play(t, "老郑: 教育局刘科长 来检查食堂 没带身份证 有工作证 13812345672 找陈主任 步行\n老郑: 没有号码\n老郑: 1\n")
	if len(w.visits) != 1 {
		t.Fatalf("%d visits, want 1", len(w.visits))
	}
	v := w.visits[0]
	if v.IDType != IDOther || v.IDNote != "工作证（没带身份证）" || v.IDCipher != nil || v.IDHash != "" || v.IDMasked != "" ||
		v.Name != "刘科长" || v.Org != "教育局" {
		t.Errorf("with a 工作证 without a number: %+v", v)
	}
}
