package visit

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/internal/rx"
)

// The words a check-in is read with: the purposes of visits, staff
// titles, organisations, the role words around names, surnames, the words
// that are never names and the identity documents are data
// (flows/lexicon/data: purpose, title, org, role, surname, notname,
// document), which a school extends without code (houqin lexicon add
// --school S --kind purpose 送校服 送货; --kind surname 禤).
// A vocab is those words compiled for one school; it is not changed after
// it is made, so it may be shared.
type vocab struct {
	purposes    []purposeWord // a school's own first, then the defaults
	hints       []string      // words only reasons hold: 洽谈, 参观
	verbs       []string      // verbs a reason starts with: 送, 接, 修
	knownOrgs   []string      // organisations named without a suffix: 顺丰, 格力
	couriers    []string      // an organisation holding one delivers: 顺丰, 快递
	orgSuffixes []string      // words ending organisations' names: 公司, 局
	orgKinds    []string      // words that alone finish the name before them: 物业
	roles       []string      // words before a visitor's name: 司机, 负责人, 家长
	parents     []string      // role words for a student's family: 家长, 爷爷
	// parentJoints find, for each of parents, a child's name before the
	// word and the relative's after it (刘一鸣爷爷刘德旺).
	parentJoints []*rx.Regexp
	titles       []string // staff titles, longest first: 总务主任, 老师
	titleRoles   map[string][]flows.Role
	surnames     map[rune]bool   // one-character surnames: 王, 覃
	compounds    []string        // two-character surnames: 欧阳
	notName      map[string]bool // words never a name: 家长, 访客, 身份证
	noise        map[string]bool // words carrying nothing, dropped where alone: 访客登记, 身份证
	task         map[string]bool // words of houqin's other tasks, never a name: 巡查, 报修
	docs         map[string]IDType

	// docRE takes a number after a document word even when it is too
	// short to be valid, so that the flow explains it and keeps the type;
	// 号 or 号码 may follow the word (身份证号码). A resident ID after its
	// word may be typed in groups. The word is the first group, the
	// number the second.
	docRE *rx.Regexp
	// noDocRE is a guard saying the visitor has no document to show:
	// 没带身份证, 护照忘带了, 无证件 (the words of resident, passport and
	// any documents: without another one, 驾驶证, they may still have
	// their ID).
	noDocRE *rx.Regexp
	// otherDocRE is another document named without a number: 其他证件,
	// 只有驾照, 有工作证, 带了学生证. The word of the document, when one is
	// named, is the second group; the first is the character before it.
	otherDocRE *rx.Regexp
	// otherNoDocRE is another document the visitor does not have: 没带工作证,
	// 驾照也没带. It says nothing of the ID card.
	otherNoDocRE *rx.Regexp
}

type purposeWord struct{ word, purpose string }

// compileVocab reads l's visitor words.
func compileVocab(l *lexicon.Lexicon) *vocab {
	v := &vocab{titleRoles: map[string][]flows.Role{}}
	all, own := l.Entries(lexicon.Purpose), l.Added(lexicon.Purpose)
	for _, e := range append(own, all[:len(all)-len(own)]...) {
		switch e.Value {
		case "hint":
			v.hints = append(v.hints, e.Word)
		case "verb":
			v.verbs = append(v.verbs, e.Word)
		default:
			v.purposes = append(v.purposes, purposeWord{e.Word, e.Value})
		}
	}
	for _, e := range l.Entries(lexicon.Org) {
		switch e.Value {
		case "", "known":
			v.knownOrgs = append(v.knownOrgs, e.Word)
		case "courier":
			v.knownOrgs = append(v.knownOrgs, e.Word)
			v.couriers = append(v.couriers, e.Word)
		case "delivers":
			v.couriers = append(v.couriers, e.Word)
		case "suffix":
			v.orgSuffixes = append(v.orgSuffixes, e.Word)
		case "kind":
			v.orgKinds = append(v.orgKinds, e.Word)
		}
	}
	for _, e := range l.Entries(lexicon.Role) {
		v.roles = append(v.roles, e.Word)
		if e.Value == "parent" {
			v.parents = append(v.parents, e.Word)
			v.parentJoints = append(v.parentJoints, rx.MustCompile(`(\p{Han})`+regexp.QuoteMeta(e.Word)+`(\p{Han}{2,3})(\s|$)`))
		}
	}
	for _, e := range l.Entries(lexicon.Title) {
		if !slices.Contains(v.titles, e.Word) {
			v.titles = append(v.titles, e.Word)
		}
		roles, _ := lexicon.TitleRoles(e.Value) // validated when added
		if len(roles) > 0 {
			v.titleRoles[e.Word] = roles
		} else {
			delete(v.titleRoles, e.Word) // a school's word without roles: none
		}
	}
	v.readNames(l)
	v.readDocuments(l)
	// The longest title ending a host's description is taken off first:
	// 副校长 before 校长, 总务主任 before 主任.
	slices.SortStableFunc(v.titles, func(a, b string) int {
		return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a))
	})
	return v
}

// readNames reads l's surnames and the words that are never names.
func (v *vocab) readNames(l *lexicon.Lexicon) {
	v.surnames, v.notName, v.noise, v.task = map[rune]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range l.Entries(lexicon.Surname) {
		if r := []rune(e.Word); len(r) == 1 {
			v.surnames[r[0]] = true
		} else if !slices.Contains(v.compounds, e.Word) {
			v.compounds = append(v.compounds, e.Word)
		}
	}
	for _, e := range l.Entries(lexicon.NotName) {
		v.notName[e.Word] = true
		if e.Value == "noise" {
			v.noise[e.Word] = true
		}
		if e.Value == "task" {
			v.task[e.Word] = true
		}
	}
}

// readDocuments reads l's document words into the regular expressions
// that find them, once per lexicon.
func (v *vocab) readDocuments(l *lexicon.Lexicon) {
	v.docs = map[string]IDType{}
	var all, main, anyDoc, other []string
	for _, e := range l.Entries(lexicon.Document) {
		t := IDType(e.Value)
		switch e.Value {
		case "":
			t = IDOther
		case "any":
			t = ""
		}
		if _, dup := v.docs[e.Word]; !dup {
			all = append(all, e.Word)
		}
		v.docs[e.Word] = t // a school's word replaces a default's
		v.notName[e.Word] = true
	}
	for _, w := range all {
		switch v.docs[w] {
		case IDOther:
			other = append(other, w)
		case "":
			anyDoc = append(anyDoc, w)
			fallthrough
		default:
			v.noise[w] = true // 身份证 13800001234: nothing to keep in the word alone
		}
		switch v.docs[w] {
		case IDResident, IDPassport, "":
			main = append(main, w)
		}
	}
	v.docRE = rx.MustCompile(`(` + alternatives(all) + `)(?:号码|号)?\s*[:：号]?\s*(` + idGroupRE + `|[0-9A-Za-z][0-9A-Za-z\-]{0,24}[0-9A-Za-z])`)
	m := alternatives(main)
	v.noDocRE = rx.MustCompile(`(?:没有?[带待戴拿]|忘[带待拿]了?|未带|没有|无|没)(?:` + m + `)|(?:` + m + `)(?:说是?)?(?:也|都)?(?:都没带|没带|没拿|忘带了?|忘家里了|` + leftHome + `|丢了|丢失|掉了|过期了?|未带|没(?:看|查|验|问)(?:过|了)?)|没(?:看|查|验)(?:过)?(?:他的|她的|人家的)?(?:` + m + `)|没[带待]证|` + refusesDoc + `(?:` + m + `)|(?:` + m + `)(?:也|都)?` + refusesDoc + `(?:看|出来)?`)
	o := alternatives(other)
	v.otherDocRE = rx.MustCompile(`(?:其他|其它)(?:` + alternatives(anyDoc) + `)|(^|[^没未无忘])(?:只有|只带了|带了|带着|拿了|拿着|拿的|出示了?|用的?|有)?(` + o + `)`)
	v.otherNoDocRE = rx.MustCompile(`(?:没有?|未|无|忘)[带拿]?了?(?:` + o + `)|(?:` + o + `)(?:也|都)?(?:没带|没拿|没有|忘带了?|忘家里了|` + leftHome + `|丢了)`)
}

// refusesDoc is a visitor not willing to show a document (不肯给身份证,
// 身份证不愿意出示, 拒绝出示身份证): recorded as no document shown, with the
// guard's words, as one left at home is; the card says 身份未核验.
const refusesDoc = `(?:不肯|不愿意?|不想|拒绝|死活不)(?:给|出示|拿出来|拿|掏|交)?(?:我们|我)?(?:看)?`

// leftHome is a document said to be elsewhere, not with the visitor:
// 身份证在家里, 落家里了, 放车上了, 不在身上.
const leftHome = `(?:忘|落|放|丢)?在?(?:家里|车上|车里)(?:了|呢|没拿|没带)?|(?:忘|落|放|丢)?在家(?:了|呢)?|落家了|不在身上|没在身上|没带在身上`

// alternatives is a regular expression matching any of words, the longest
// first; none matches nothing.
func alternatives(words []string) string {
	if len(words) == 0 {
		return `[^\x00-\x{10FFFF}]`
	}
	ws := make([]string, len(words))
	for i, w := range words {
		ws[i] = regexp.QuoteMeta(w)
	}
	slices.SortStableFunc(ws, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return strings.Join(ws, "|")
}

// hasSurname reports whether a name starts with a surname (or is a name
// in Latin script, which has no such test).
func (v *vocab) hasSurname(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if r < 128 {
		return unicode.IsLetter(r)
	}
	if v.surnames[r] {
		return true
	}
	for _, c := range v.compounds {
		if strings.HasPrefix(s, c) {
			return true
		}
	}
	return false
}

// surnameTitle splits a name said as a surname and what follows it
// (刘科长 → 刘, 科长; 欧阳老师 → 欧阳, 老师); surname is "" when s does not
// start with one or nothing follows it.
func (v *vocab) surnameTitle(s string) (surname, rest string) {
	for _, c := range v.compounds {
		if r, ok := strings.CutPrefix(s, c); ok && r != "" {
			return c, r
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	if v.surnames[r] && len(s) > size {
		return s[:size], s[size:]
	}
	return "", ""
}

// vocabs is each lexicon's visitor words compiled.
var vocabs = lexicon.NewCache(compileVocab)

// defaultVocab is the words every school starts with.
func defaultVocab() *vocab { return vocabs.Default() }

// vocabFor is the words t's school reads check-ins with: the defaults and
// the school's own (a failed read leaves them out; see lexicon.Own).
func vocabFor(t *flows.Turn) *vocab {
	own, _ := lexicon.Own(t)
	return vocabs.With(own)
}

// ParseVisitorWith is ParseVisitor with a school's own words added to the
// defaults (the entries its store keeps), as the flow reads the school's
// guards.
func ParseVisitorWith(text string, own []lexicon.Entry) VisitorGuess {
	return vocabs.With(own).parseVisitor(text)
}
