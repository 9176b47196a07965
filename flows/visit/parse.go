package visit

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// VisitorGuess is what ParseVisitor read from a guard's message. Numbers
// are raw candidates: the flow validates them (and explains a wrong one);
// nothing here is a decision.
type VisitorGuess struct {
	Name        string
	IDType      IDType // "" when no document type was named
	IDNumber    string // as typed, spaces removed; validate before use
	Phone       string // a valid mainland mobile number, 11 digits
	BadPhone    string // something that looked like a phone number but is not valid
	Org         string
	Purpose     string // one of VisitPurposes
	PurposeNote string // the words that gave the purpose, e.g. 家长会
	Host        string // who the visitor asks for, as typed: 初二班主任李老师
	Plate       string // a valid plate
	BadPlate    string // something that looked like a plate but is not valid
	NoVehicle   bool   // 步行, 无车 ...
	Party       int    // 0 when not given
}

// Empty reports whether nothing was read.
func (g VisitorGuess) Empty() bool { return g == VisitorGuess{} }

// VisitPurposes are the common reasons for a visit, offered as choices.
var VisitPurposes = []string{"家长来访", "送货", "施工维修", "公务", "面试", "其他"}

// purposeWords map what guards type to a purpose; the longest match wins
// at each position, in the order written here for equal lengths.
var purposeWords = []struct{ word, purpose string }{
	{"家长会", "家长来访"}, {"家长", "家长来访"}, {"接孩子", "家长来访"}, {"送孩子", "家长来访"},
	{"接学生", "家长来访"}, {"找孩子", "家长来访"}, {"给孩子送", "家长来访"}, {"接娃", "家长来访"},
	{"送货", "送货"}, {"快递", "送货"}, {"外卖", "送货"}, {"配送", "送货"}, {"送餐", "送货"},
	{"送菜", "送货"}, {"送水", "送货"}, {"物流", "送货"}, {"送书", "送货"}, {"卸货", "送货"},
	{"施工", "施工维修"}, {"维修", "施工维修"}, {"装修", "施工维修"}, {"检修", "施工维修"},
	{"安装", "施工维修"}, {"修理", "施工维修"}, {"维保", "施工维修"},
	{"公务", "公务"}, {"检查", "公务"}, {"督导", "公务"}, {"督查", "公务"}, {"调研", "公务"},
	{"开会", "公务"}, {"会议", "公务"}, {"办事", "公务"}, {"考察", "公务"}, {"教育局", "公务"},
	{"面试", "面试"}, {"应聘", "面试"}, {"试讲", "面试"},
	{"其他", "其他"}, {"其它", "其他"},
}

// orgSuffixes end the names of organisations: 顺丰快递, 市教育局, 华建公司.
var orgSuffixes = []string{"公司", "集团", "局", "厂", "医院", "中心", "银行", "物业", "学校", "小学",
	"中学", "大学", "学院", "研究所", "事务所", "派出所", "委员会", "街道", "社区", "速运", "商行", "超市"}

// titles are honorifics people add to staff names: 李老师, 陈主任.
var titles = []string{"老师", "主任", "校长", "书记", "师傅", "阿姨", "科长", "组长"}

var (
	// docRE takes a number after a document word even when it is too
	// short to be valid, so that the flow explains it and keeps the type.
	docRE = regexp.MustCompile(`(身份证号码|身份证号|身份证|护照号码|护照号|护照|港澳通行证|回乡证|通行证|台胞证|证件号码|证件号|证件)\s*[:：号]?\s*([0-9A-Za-z][0-9A-Za-z\-]{0,24}[0-9A-Za-z])`)
	// residentRE finds a bare 18-character ID number; \b is an ASCII word
	// boundary, so Chinese characters around it do not stop a match.
	residentRE = regexp.MustCompile(`\b\d{17}[0-9Xx]\b`)
	phoneRE    = regexp.MustCompile(`(?:\+?86[- ]?)?\b1\d{2}[- ]?\d{4}[- ]?\d{4}\b`)
	plateRE    = regexp.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][·. ]?[0-9A-Za-z]{4,6}[警学挂领港澳]?`)
	hostRE     = regexp.MustCompile(`(?:找|拜访|探访|约见|见|访问|被访人|被访者|受访人)\s*[:：]?\s*([^\s,，、;；。]+)`)
	partyRE    = regexp.MustCompile(`(?:一行|共|同行|共计)?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|位)`)
	labelRE    = regexp.MustCompile(`^(姓名|名字|单位|工作单位|事由|来访事由|车牌|车牌号|车辆|手机|电话|手机号)\s*[:：]?\s*`)
	noCarRE    = regexp.MustCompile(`步行|无车|没开车|未开车|没有车|不开车|无车辆`)
)

// MaxVisitorText bounds the text ParseVisitor reads.
const MaxVisitorText = 300

// ParseVisitor reads a one-message check-in such as
// "张三 身份证110105194912310021 13800138000 找初二班主任李老师 家长会 京A12345":
// the ID number (after a document word, or a bare 18-character resident
// number), the mobile number, the plate, who the visitor asks for (after
// 找), the party size (3人), the purpose (keywords like 家长会 or 送货), the
// organisation (单位… or a word ending 公司, 局 ...) and the name (the
// first word of 2–4 Chinese characters left over, or 姓名…). The pieces
// may come in any order, separated by spaces or commas.
func ParseVisitor(text string) VisitorGuess {
	var g VisitorGuess
	s := parse.Normalize(text)
	if utf8.RuneCountInString(s) > MaxVisitorText {
		s = string([]rune(s)[:MaxVisitorText])
	}
	cut := func(re *regexp.Regexp, f func(m []string) bool) {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			if f(re.FindStringSubmatch(m)) {
				return " "
			}
			return m
		})
	}
	cut(docRE, func(m []string) bool {
		if g.IDNumber != "" {
			return false
		}
		g.IDType = docType(m[1])
		g.IDNumber = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(m[2]))
		return true
	})
	cut(residentRE, func(m []string) bool {
		if g.IDNumber != "" {
			return false
		}
		g.IDNumber = strings.ToUpper(m[0])
		return true
	})
	cut(phoneRE, func(m []string) bool {
		if g.Phone != "" {
			return false
		}
		if p, err := parse.ValidatePhone(m[0]); err == nil {
			g.Phone = p
		} else if g.BadPhone == "" {
			g.BadPhone = m[0]
		}
		return true
	})
	cut(plateRE, func(m []string) bool {
		if g.Plate != "" {
			return false
		}
		if p, err := parse.ValidatePlate(m[0]); err == nil {
			g.Plate = p
			return true
		}
		if g.BadPlate == "" {
			g.BadPlate = m[0]
		}
		return true
	})
	cut(noCarRE, func([]string) bool { g.NoVehicle = true; return true })
	cut(hostRE, func(m []string) bool {
		if g.Host != "" {
			return false
		}
		g.Host = m[1]
		return true
	})
	cut(partyRE, func(m []string) bool {
		if g.Party != 0 {
			return false
		}
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n, _ = parse.Numeral(m[1])
		}
		if n < 1 || n > 200 {
			return false
		}
		g.Party = n
		return true
	})
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",，、;；。", r)
	}) {
		g.token(tok)
	}
	return g
}

// token classifies one word left after the numbers were taken out.
func (g *VisitorGuess) token(tok string) {
	if m := labelRE.FindStringSubmatch(tok); m != nil {
		rest := strings.TrimSpace(tok[len(m[0]):])
		if rest == "" {
			return
		}
		switch m[1] {
		case "姓名", "名字":
			if g.Name == "" && isName(rest) {
				g.Name = rest
			}
		case "单位", "工作单位":
			if g.Org == "" {
				g.Org = flows.Clip(rest, 50)
			}
		case "事由", "来访事由":
			if g.Purpose == "" {
				g.Purpose, g.PurposeNote = GuessPurpose(rest), flows.Clip(rest, 50)
			}
		}
		return
	}
	// An organisation's name can hold a purpose word (市教育局), so the
	// ending is checked first.
	for _, suf := range orgSuffixes {
		if strings.HasSuffix(tok, suf) && tok != suf {
			if g.Org == "" {
				g.Org = flows.Clip(tok, 50)
			}
			return
		}
	}
	if p := GuessPurpose(tok); p != "" {
		if g.Purpose == "" {
			g.Purpose, g.PurposeNote = p, flows.Clip(tok, 50)
		}
		return
	}
	if g.Name == "" && isName(tok) {
		g.Name = tok
	}
}

// GuessPurpose maps words such as 家长会 or 送快递 to one of VisitPurposes,
// or "" when none is recognised.
func GuessPurpose(text string) string {
	for _, p := range VisitPurposes {
		if text == p {
			return p
		}
	}
	best, bestLen := "", 0
	for _, w := range purposeWords {
		if strings.Contains(text, w.word) && len(w.word) > bestLen {
			best, bestLen = w.purpose, len(w.word)
		}
	}
	return best
}

func docType(word string) IDType {
	switch {
	case strings.HasPrefix(word, "护照"):
		return IDPassport
	case word == "港澳通行证" || word == "回乡证" || word == "通行证":
		return IDHKMacau
	case word == "台胞证":
		return IDTaiwan
	case strings.HasPrefix(word, "证件"):
		return ""
	}
	return IDResident
}

// notNames are short words a guard may type that are not anybody's name.
var notNames = map[string]bool{"访客": true, "来访": true, "登记": true, "来访登记": true, "访客登记": true,
	"你好": true, "您好": true, "门卫": true, "学校": true, "一个": true, "有人": true, "外来": true, "人员": true,
	"身份证": true, "护照": true, "通行证": true, "港澳通行证": true, "回乡证": true, "台胞证": true, "证件": true}

// isName reports whether s looks like a person's name: 2–4 Chinese
// characters (up to 10 with the middle dot of transcribed names, 买买提·艾力),
// or Latin letters for a foreign visitor (2–40 letters, spaces allowed).
func isName(s string) bool {
	if notNames[s] || GuessPurpose(s) != "" {
		return false
	}
	n := utf8.RuneCountInString(s)
	han, latin, other := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 128 && unicode.IsLetter(r) || r == ' ' || r == '.':
			latin++
		case r == '·' || r == '•':
		default:
			other++
		}
	}
	switch {
	case other > 0:
		return false
	case han == n:
		return n >= 2 && n <= 4
	case han > 0 && latin == 0:
		return n >= 3 && n <= 10
	case han == 0:
		return n >= 2 && n <= 40
	}
	return false
}

// ValidateDocument checks a document number of type t and returns it
// normalised (upper case, no spaces or dashes). A resident ID is checked
// fully by parse.ValidateID; other documents only for their characters and
// length, since their formats vary (old and new permits, foreign passports).
func ValidateDocument(t IDType, number string) (string, error) {
	if t == IDResident || t == "" {
		return parse.ValidateID(number)
	}
	n := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(parse.Normalize(number)))
	if len(n) < 5 || len(n) > 20 {
		return "", errDocument
	}
	for _, r := range n {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return "", errDocument
		}
	}
	return n, nil
}

// errDocument has no Chinese text of its own in package parse; the flow
// explains it.
var errDocument = &docError{}

type docError struct{}

func (*docError) Error() string { return "visit: document number is not 5–20 letters and digits" }
