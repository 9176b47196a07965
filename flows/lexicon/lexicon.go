// Package lexicon holds the words houqin reads free text with: trades and
// the things they repair, hazards, large jobs, place synonyms, building
// hints, place nouns and the markers of what a message is for (a question
// about progress, thanks, a greeting, a worker's "done"); the purposes of
// visits, staff titles, organisations and the role words around visitors'
// names, surnames, the words that are never names and the identity
// documents; and the names of meals and the words for the 留样 fridge and
// its temperature. The defaults are
// text files embedded from data/, one per kind; a school extends them
// without code through entries stored per school (houqin lexicon add).
//
// The package is data and its validation only; flows/repair, flows/visit
// and flows/canteen compile the entries into the indexes they match with.
package lexicon

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

// Kind is what an entry says about its word.
type Kind string

// The kinds of entries. The value of an entry depends on its kind.
const (
	// Trade: the word names something a trade repairs. Value: a trade key,
	// optionally /thing (default), /symptom, /place or /neutral; a word
	// ending in ! is a large job. 风机 → electrical, 漏电 → electrical/symptom,
	// 门卫 → /neutral (hides the 门 inside it, no trade).
	Trade Kind = "trade"
	// Hazard: the word makes a report urgent. Value: the hazard (electric,
	// fire, glass, railing, falling, water, gas, opening, slip, danger). A word may be a rule:
	// A/B+C/D means (A or B) and (C or D) in the same problem.
	Hazard Kind = "hazard"
	// Large: the word (or rule, as for Hazard) makes a job large (大修不隔天).
	// Value: empty.
	Large Kind = "large"
	// Synonym: the word is another way to write a place name. Value: the
	// name as the location table writes it (男厕 → 男厕所, 男寝 → 男生宿舍).
	Synonym Kind = "synonym"
	// Building: the word hints at a kind of building. Value: a part of the
	// building names it points to (教室 → 教学, 寝室 → 宿舍).
	Building Kind = "building"
	// Place: the word names a place that may not be in the location
	// table (篮球场, 车棚). Value: empty, "relative" for words that only
	// place something near another place (门口, 旁边), or "room" for a
	// kind of room (女厕所, 办公室) that goes on a building and floor said
	// before it (教学楼三楼女厕所) but alone names no place.
	Place Kind = "place"
	// Marker: the word marks what a message is for. Value: greeting,
	// thanks, praise, progress, ask, status (how a named job stands:
	// 啥情况, 咋样), done, fault, own, also, or notice (a
	// notice to staff or a question about the rules, not a report:
	// 停电检修, 提前, 统一放, 谁赔).
	Marker Kind = "marker"

	// The visitor check-in's words (flows/visit).

	// Purpose: the word gives a reason for a visit. Value: the kind of
	// visit it names, one of Purposes (送校服 → 送货, 家长会 → 家长来访);
	// hint, a word only reasons hold, naming no kind (洽谈, 参观); or verb,
	// a verb a reason starts with (送, 接, 修).
	Purpose Kind = "purpose"
	// Title: the word is a title added to a staff member's name, or
	// standing for them: 李老师, 找教务主任. Value: empty, or the roles
	// the title fits, comma-separated (head; principal,leader): staff
	// holding one are preferred, and a title alone finds them.
	Title Kind = "title"
	// Org: the word names organisations. Value: empty or known, an
	// organisation named without a suffix (美团, 格力: a word starting
	// with it is that organisation); courier, a known organisation whose
	// visitors deliver (顺丰); delivers, a word that makes an organisation
	// holding it a deliverer without being one itself (快递); suffix, a
	// word ending organisations' names (公司, 物业); or kind, a word that
	// alone finishes the name before it (万达 物业).
	Org Kind = "org"
	// Role: the word names who a visitor is and comes before their name,
	// or stands for them with the name next (司机赵建军, 负责人 孙海).
	// Value: empty, or parent for a student's family (家长, 爷爷).
	Role Kind = "role"
	// Surname: the word is a surname, one Chinese character or two (覃,
	// 欧阳): a word of 2–4 characters starting with one is a visitor's
	// name, and before a title (覃老师) it finds the staff of that surname.
	// Value: empty.
	Surname Kind = "surname"
	// NotName: the word is never a visitor's name (保安, 家长). Value:
	// empty, noise for a word that also carries nothing to keep and
	// is dropped where it stands alone (访客登记, 谢谢), or task for the
	// word of another of houqin's tasks (巡查, 报修), typed by a guard
	// going on to it.
	NotName Kind = "notname"
	// Document: the word names an identity document, and a number after
	// it is that document's (居住证 123…). Value: the type recorded, one
	// of Documents: resident (居民身份证: the number must pass the check
	// digit), passport, hkmo (往来港澳通行证), homereturn (回乡证), tw
	// (台胞证), any (证件: the type
	// already chosen, else a resident ID); empty for another document
	// (驾驶证, 居住证), recorded as 其他证件 with the word as its note.
	Document Kind = "document"

	// The 留样 and 陪餐 words (flows/canteen).

	// Meal: the word names a meal. Value: a meal key (breakfast, lunch,
	// dinner, snack): 早饭 → breakfast, 夜宵 → snack.
	Meal Kind = "meal"
	// Fridge: the word names the 留样 fridge, and a number after it is its
	// temperature (留样箱3度). Value: empty, or one of Fridges: temperature
	// for a word for the temperature itself (温度); box for the sample
	// boxes (留样盒), which a message about (留样盒不够了) is not a record.
	Fridge Kind = "fridge"
)

// Kinds lists every kind, in the order the data files are read.
var Kinds = []Kind{Trade, Hazard, Large, Synonym, Building, Place, Marker, Purpose, Title, Org, Role, Meal, Surname, NotName, Document, Fridge}

// Purposes are the kinds of visit (the values of Purpose entries besides
// hint and verb), offered to a guard as choices.
var Purposes = []string{"家长来访", "送货", "施工维修", "公务", "面试", "其他"}

// Orgs are the values of Org entries.
var Orgs = []string{"", "known", "courier", "delivers", "suffix", "kind"}

// Hazards are the values of Hazard entries.
var Hazards = []string{"electric", "fire", "glass", "railing", "falling", "water", "gas", "opening", "slip", "danger"}

// Documents are the values of Document entries besides empty (another
// document): the types of visit.IDType the gate records.
var Documents = []string{"resident", "passport", "hkmo", "homereturn", "tw", "any"}

// Fridges are the values of Fridge entries besides empty (the fridge).
var Fridges = []string{"temperature", "box"}

// Markers are the values of Marker entries.
var Markers = []string{"greeting", "thanks", "praise", "progress", "ask", "status", "done", "fault", "own", "also", "notice", "elaborate", "notfault"}

// Entry is one word of a lexicon.
type Entry struct {
	Kind  Kind   `json:"kind"`
	Word  string `json:"word"`
	Value string `json:"value"`
}

// Validate reports what is wrong with e, in English for an admin.
func (e Entry) Validate() error {
	w := strings.TrimSuffix(e.Word, "!")
	if w == "" || strings.ContainsAny(e.Word, " \t\n") {
		return fmt.Errorf("lexicon: the word must be one word without spaces, got %q", e.Word)
	}
	if strings.HasSuffix(e.Word, "!") && e.Kind != Trade {
		return fmt.Errorf("lexicon: only a trade word may end in ! (a large job)")
	}
	if strings.Contains(w, "+") || strings.Contains(w, "/") {
		if e.Kind != Hazard && e.Kind != Large {
			return fmt.Errorf("lexicon: only hazard and large words may be rules (A/B+C)")
		}
		for _, g := range strings.Split(w, "+") {
			if slices.Contains(strings.Split(g, "/"), "") {
				return fmt.Errorf("lexicon: %q has an empty alternative", e.Word)
			}
		}
	}
	switch e.Kind {
	case Trade:
		t, k, _ := strings.Cut(e.Value, "/")
		if k == "neutral" && t == "" {
			return nil
		}
		if !slices.Contains(flows.Trades, flows.Trade(t)) {
			return fmt.Errorf("lexicon: a trade word's value is a trade (%s), optionally /symptom, /place or /neutral; got %q", tradeList(), e.Value)
		}
		if k != "" && !slices.Contains([]string{"thing", "symptom", "place", "neutral"}, k) {
			return fmt.Errorf("lexicon: the part after / is thing, symptom, place or neutral; got %q", k)
		}
	case Hazard:
		if !slices.Contains(Hazards, e.Value) {
			return fmt.Errorf("lexicon: a hazard word's value is one of %s; got %q", strings.Join(Hazards, ", "), e.Value)
		}
	case Large:
		if e.Value != "" {
			return fmt.Errorf("lexicon: a large word has no value")
		}
	case Synonym, Building:
		if strings.TrimSpace(e.Value) == "" {
			return fmt.Errorf("lexicon: a %s word needs a value (the place name it stands for)", e.Kind)
		}
	case Place:
		if e.Value != "" && e.Value != "relative" && e.Value != "room" {
			return fmt.Errorf("lexicon: a place word's value is empty, relative or room; got %q", e.Value)
		}
	case Marker:
		if !slices.Contains(Markers, e.Value) {
			return fmt.Errorf("lexicon: a marker's value is one of %s; got %q", strings.Join(Markers, ", "), e.Value)
		}
	case Purpose:
		if !slices.Contains(Purposes, e.Value) && e.Value != "hint" && e.Value != "verb" {
			return fmt.Errorf("lexicon: a purpose word's value is a kind of visit (%s), hint or verb; got %q", strings.Join(Purposes, ", "), e.Value)
		}
	case Title:
		if _, err := TitleRoles(e.Value); err != nil {
			return err
		}
	case Org:
		if !slices.Contains(Orgs, e.Value) {
			return fmt.Errorf("lexicon: an org word's value is empty, known, courier, delivers, suffix or kind; got %q", e.Value)
		}
	case Role:
		if e.Value != "" && e.Value != "parent" {
			return fmt.Errorf("lexicon: a role word's value is empty or parent; got %q", e.Value)
		}
	case Meal:
		if !slices.Contains(flows.MealKeys, e.Value) {
			return fmt.Errorf("lexicon: a meal word's value is one of %s; got %q", strings.Join(flows.MealKeys, ", "), e.Value)
		}
	case Surname:
		if n := utf8.RuneCountInString(e.Word); n > 2 || !onlyHan(e.Word) {
			return fmt.Errorf("lexicon: a surname is one or two Chinese characters (覃, 欧阳); got %q", e.Word)
		}
		if e.Value != "" {
			return fmt.Errorf("lexicon: a surname has no value")
		}
	case NotName:
		if e.Value != "" && e.Value != "noise" && e.Value != "task" {
			return fmt.Errorf("lexicon: a notname word's value is empty, noise or task; got %q", e.Value)
		}
	case Document:
		if e.Value != "" && !slices.Contains(Documents, e.Value) {
			return fmt.Errorf("lexicon: a document word's value is empty (another document, such as 居住证) or one of %s; got %q", strings.Join(Documents, ", "), e.Value)
		}
		if strings.ContainsAny(e.Word, "0123456789") {
			return fmt.Errorf("lexicon: a document word has no digits (they would be read as its number); got %q", e.Word)
		}
	case Fridge:
		if e.Value != "" && !slices.Contains(Fridges, e.Value) {
			return fmt.Errorf("lexicon: a fridge word's value is empty (the fridge), temperature or box; got %q", e.Value)
		}
		if strings.ContainsAny(e.Word, "0123456789") {
			return fmt.Errorf("lexicon: a fridge word has no digits (they would be read as the temperature); got %q", e.Word)
		}
		if e.Word == "留样" {
			return fmt.Errorf("lexicon: 留样 marks a sample record; name the fridge itself (留样柜, 留样冰箱)")
		}
	default:
		return fmt.Errorf("lexicon: unknown kind %q (want one of %s)", e.Kind, kindList())
	}
	return nil
}

// TitleRoles reads the value of a Title entry: roles, comma-separated,
// or none.
func TitleRoles(value string) ([]flows.Role, error) {
	var out []flows.Role
	for _, r := range strings.Split(value, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !slices.Contains(flows.Roles, flows.Role(r)) || flows.Role(r) == flows.RoleAdmin {
			var names []string
			for _, x := range flows.Roles {
				if x != flows.RoleAdmin {
					names = append(names, string(x))
				}
			}
			return nil, fmt.Errorf("lexicon: a title's value is empty or roles it fits, comma-separated (%s); got %q", strings.Join(names, ", "), value)
		}
		out = append(out, flows.Role(r))
	}
	return out, nil
}

// onlyHan reports whether s is Chinese characters only.
func onlyHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func tradeList() string {
	var s []string
	for _, t := range flows.Trades {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func kindList() string {
	var s []string
	for _, k := range Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// Lexicon is a set of entries; the zero value is empty. A Lexicon is not
// changed after it is made, so it may be shared.
type Lexicon struct {
	base  []Entry // the defaults, shared by every lexicon With makes
	added []Entry // the entries added by With
	key   string  // identifies the entries added to the defaults, for caches
}

// Entries lists l's entries of kind k, in the order given.
func (l *Lexicon) Entries(k Kind) []Entry {
	var out []Entry
	for _, es := range [][]Entry{l.base, l.added} {
		for _, e := range es {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

// Added lists the entries of kind k that With added to the defaults (a
// school's own words), in the order given.
func (l *Lexicon) Added(k Kind) []Entry {
	var out []Entry
	for _, e := range l.added {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// Key identifies the entries l adds to the defaults: two lexicons with
// the same key have the same entries.
func (l *Lexicon) Key() string { return l.key }

// With is l and the extra entries, which come after l's own (a school's
// words extend the defaults; they cannot remove one). Invalid entries are
// skipped: the store validates them when they are added. The defaults are
// shared, not copied: a reader calls With for every message.
func (l *Lexicon) With(extra []Entry) *Lexicon {
	if len(extra) == 0 {
		return l
	}
	out := &Lexicon{base: l.base, added: slices.Clip(l.added), key: l.key}
	var key strings.Builder
	key.WriteString(l.key)
	for _, e := range extra {
		e.Word, e.Value = strings.TrimSpace(e.Word), strings.TrimSpace(e.Value)
		if e.Validate() != nil {
			continue
		}
		out.added = append(out.added, e)
		fmt.Fprintf(&key, "\x00%s\x01%s\x01%s", e.Kind, e.Word, e.Value)
	}
	out.key = key.String()
	return out
}

//go:embed data/*.txt
var data embed.FS

var defaults = func() *Lexicon {
	l := &Lexicon{}
	for _, k := range Kinds {
		f, err := data.Open("data/" + string(k) + ".txt")
		if err != nil {
			panic(err)
		}
		es, err := Parse(k, f)
		f.Close()
		if err != nil {
			panic(err)
		}
		l.base = append(l.base, es...)
	}
	return l
}()

// Default is the lexicon every school starts with.
func Default() *Lexicon { return defaults }

// Parse reads entries of kind k in the data file format: a line is
// VALUE: WORD WORD ...; an indented line continues the words of the line
// before; # starts a comment; a value may be empty (": WORD").
func Parse(k Kind, r io.Reader) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	value, started := "", false
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		words := line
		if line[0] == ' ' || line[0] == '\t' {
			if !started {
				return nil, fmt.Errorf("lexicon %s line %d: a continued line with no VALUE: line before", k, n)
			}
		} else {
			v, w, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("lexicon %s line %d: want VALUE: WORDS", k, n)
			}
			value, words, started = v, w, true
		}
		for _, w := range strings.Fields(words) {
			e := Entry{Kind: k, Word: w, Value: strings.TrimSpace(value)}
			if err := e.Validate(); err != nil {
				return nil, fmt.Errorf("lexicon %s line %d: %w", k, n, err)
			}
			out = append(out, e)
		}
	}
	return out, sc.Err()
}
