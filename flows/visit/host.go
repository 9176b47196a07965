package visit

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Finding the host: guards describe whom a visitor asks for in many ways,
// 「找初二3班班主任」, 「找总务处」, 「找李建国老师」, 「找刘副校长」, 「找校长」, 「lls」.
// findHosts tries, in order: a class (the owner of its classroom, its
// 班主任), an office (the owner of the room, its head), a staff member's
// full name in the words (the longest ending that is someone's whole name,
// then the words without a title), a surname with a title (李老师: the
// staff whose name starts with 李, those whose role fits the title first),
// a title alone (校长, 副校长, 总务主任: whoever holds the role), and last
// the directory's own search (part of a name, pinyin initials).

// classRE reads a class: 初二3班, 初二(3)班, 初2（3）班, 初二三班, 初二年级3班,
// 高一5班, 七年级2班.
var classRE = rx.MustCompile(`(初|高)\s*([一二三123])\s*(?:年级)?\s*[(（]?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]?\s*班|([一二三四五六七八九123456789])\s*年级\s*[(（]?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]?\s*班`)

// classKey is a class in one form, 初2-3 or 7-2, or "" when s names none.
func classKey(s string) string {
	m := classRE.FindStringSubmatch(parse.Normalize(s))
	if m == nil {
		return ""
	}
	num := func(x string) string {
		if n, err := strconv.Atoi(x); err == nil {
			return strconv.Itoa(n)
		}
		if n, ok := parse.Numeral(x); ok {
			return strconv.Itoa(n)
		}
		return x
	}
	if m[1] != "" {
		return m[1] + num(m[2]) + "-" + num(m[3])
	}
	g, _ := strconv.Atoi(num(m[4]))
	switch { // 七年级 is 初一, 十年级 would be 高一: only the junior years are written so
	case g >= 7 && g <= 9:
		return "初" + strconv.Itoa(g-6) + "-" + num(m[5])
	}
	return strconv.Itoa(g) + "-" + num(m[5])
}

// findHosts lists the staff a guard's words about the host can mean: one
// person, several to choose from, or none.
func findHosts(ctx context.Context, v *vocab, dir flows.Directory, schoolID int64, query string) ([]flows.Staff, error) {
	q := strings.TrimSpace(parse.Normalize(query))
	q = strings.TrimPrefix(q, "找")
	q = strings.Trim(q, " :：的")
	if q == "" {
		return nil, nil
	}
	if s, ok, err := placeOwner(ctx, dir, schoolID, q); err != nil || ok {
		return s, err
	}
	if title, ok := officeHeads[strings.TrimSuffix(strings.TrimSuffix(q, "的人"), "的")]; ok && len(v.titleRoles[title]) > 0 {
		// 找总务处 (user test 17), with no room of that name: the office's
		// head, as a guard would phone them.
		if s, err := byRoles(ctx, dir, schoolID, v.titleRoles[title]); err != nil || len(s) > 0 {
			return s, err
		}
	}
	// A whole name at the end of the words: 初二班主任李老师, 李建国.
	if s, err := wholeName(ctx, dir, schoolID, q); err != nil || s != nil {
		return s, err
	}
	base, title := q, ""
	for _, t := range v.titles {
		if b, ok := strings.CutSuffix(q, t); ok {
			base, title = strings.TrimSuffix(strings.TrimSpace(b), "的"), t
			break
		}
	}
	if title != "" && base != "" {
		if s, err := wholeName(ctx, dir, schoolID, base); err != nil || s != nil {
			return s, err
		}
		if s, err := soundsLike(ctx, dir, schoolID, base); err != nil || s != nil {
			return s, err
		}
		if s, err := bySurname(ctx, v, dir, schoolID, base, v.titleRoles[title]); err != nil || s != nil {
			return s, err
		}
		if utf8.RuneCountInString(base) == 2 && !v.hasSurname(base) {
			// 晓东老师, 小红老师: a given name with a title.
			if s, err := dir.FindStaff(ctx, schoolID, base); err != nil || len(s) > 0 {
				return s, err
			}
		}
	}
	if title != "" && base == "" {
		return byRoles(ctx, dir, schoolID, v.titleRoles[title])
	}
	if title == "" {
		if s, err := soundsLike(ctx, dir, schoolID, q); err != nil || s != nil {
			return s, err
		}
	}
	// The directory's own search: part of a name, or pinyin initials, on
	// the longest ending that matches someone; a single character only
	// when typed alone.
	r := []rune(q)
	shortest := min(2, len(r))
	for i := 0; i+shortest <= len(r); i++ {
		ss, err := dir.FindStaff(ctx, schoolID, string(r[i:]))
		if err != nil || len(ss) > 0 {
			return ss, err
		}
	}
	return nil, nil
}

// officeHeads are the offices a visitor asks for by name, and the title of
// who answers for each: 总务处 and 后勤处 are the 总务主任's, 校长室 the
// 校长's. A room of the name in the school's places comes first.
var officeHeads = map[string]string{
	"总务处": "总务主任", "总务": "总务主任", "总务办": "总务主任", "总务办公室": "总务主任",
	"后勤处": "总务主任", "后勤": "总务主任", "后勤办": "总务主任", "后勤办公室": "总务主任",
	"校长室": "校长", "校长办公室": "校长",
}

// placeOwner finds the owner of the class or office the words name.
func placeOwner(ctx context.Context, dir flows.Directory, schoolID int64, q string) ([]flows.Staff, bool, error) {
	key := classKey(q)
	hasHan := strings.ContainsFunc(q, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	if !hasHan {
		return nil, false, nil
	}
	locs, err := dir.Locations(ctx, schoolID)
	if err != nil {
		return nil, false, err
	}
	var owner int64
	best := 0
	for _, l := range locs {
		if l.OwnerID == 0 {
			continue
		}
		for _, name := range append([]string{l.Room}, l.Aliases...) {
			switch {
			case key != "" && classKey(name) == key:
				owner, best = l.OwnerID, 1000
			case key == "" && utf8.RuneCountInString(name) >= 2 && onlyHan(name) && strings.Contains(q, name) && len(name) > best:
				owner, best = l.OwnerID, len(name)
			}
		}
	}
	if owner == 0 {
		return nil, false, nil
	}
	s, err := dir.StaffByID(ctx, owner)
	if err != nil || !s.Active {
		return nil, false, err
	}
	return []flows.Staff{s}, true, nil
}

// wholeName returns the staff whose whole name is the longest ending of q
// (at least two characters), or nil.
func wholeName(ctx context.Context, dir flows.Directory, schoolID int64, q string) ([]flows.Staff, error) {
	r := []rune(q)
	for i := 0; i+2 <= len(r); i++ {
		ss, err := dir.FindStaff(ctx, schoolID, string(r[i:]))
		if err != nil {
			return nil, err
		}
		var exact []flows.Staff
		for _, s := range ss {
			if s.Name == string(r[i:]) {
				exact = append(exact, s)
			}
		}
		if len(exact) > 0 {
			return exact, nil
		}
	}
	return nil, nil
}

// soundsLike finds the staff whose name a whole name typed with a slip
// of the input method means: 吴晓冬 for 吴晓东, the same surname, length and
// pinyin initials; or, as voice input writes a name, the same given name
// under a surname that sounds the same (姜国栋 for 蒋国栋). Only names of
// three or more characters are tried, so that a surname and a title
// (李老师) never get here.
func soundsLike(ctx context.Context, dir flows.Directory, schoolID int64, name string) ([]flows.Staff, error) {
	r := []rune(name)
	if len(r) < 3 || len(r) > 4 || !onlyHan(name) {
		return nil, nil
	}
	ini := flows.Initials(name)
	if ini == "" {
		return nil, nil
	}
	ss, err := dir.FindStaff(ctx, schoolID, string(r[:1]))
	if err != nil {
		return nil, err
	}
	var out []flows.Staff
	for _, s := range ss {
		if strings.HasPrefix(s.Name, string(r[:1])) && utf8.RuneCountInString(s.Name) == len(r) && flows.Initials(s.Name) == ini {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	given, sound := string(r[1:]), flows.Sound(name)
	ss, err = dir.FindStaff(ctx, schoolID, given)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if strings.HasSuffix(s.Name, given) && utf8.RuneCountInString(s.Name) == len(r) && flows.Sound(s.Name) == sound {
			out = append(out, s)
		}
	}
	return out, nil
}

// bySurname lists the staff whose name starts with the surname that ends
// base (初一2班王 → 王), those whose role fits the title first; when some
// fit, only they are offered.
func bySurname(ctx context.Context, v *vocab, dir flows.Directory, schoolID int64, base string, fits []flows.Role) ([]flows.Staff, error) {
	r := []rune(base)
	var surname string
	switch {
	case len(r) >= 2 && slices.Contains(v.compounds, string(r[len(r)-2:])):
		surname = string(r[len(r)-2:])
	case len(r) >= 1 && unicode.Is(unicode.Han, r[len(r)-1]):
		surname = string(r[len(r)-1:])
	default:
		return nil, nil
	}
	ss, err := dir.FindStaff(ctx, schoolID, surname)
	if err != nil {
		return nil, err
	}
	var all, fit []flows.Staff
	for _, s := range ss {
		if !strings.HasPrefix(s.Name, surname) {
			continue
		}
		all = append(all, s)
		if s.Has(fits...) {
			fit = append(fit, s)
		}
	}
	if len(fit) > 0 {
		return fit, nil
	}
	return all, nil
}

// byRoles lists the active staff holding one of the roles.
func byRoles(ctx context.Context, dir flows.Directory, schoolID int64, roles []flows.Role) ([]flows.Staff, error) {
	var out []flows.Staff
	for _, role := range roles {
		ss, err := dir.StaffWithRole(ctx, schoolID, role)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if !slices.ContainsFunc(out, func(o flows.Staff) bool { return o.ID == s.ID }) {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return out, nil
}
