// Package rx is regexp with a cheap test in front: houqin's flows try a few
// hundred patterns on every message (is this a sign-off, a host's reply, a
// step of a round…), and nearly all of them fail. Go's backtracker tries a
// failing pattern at every position of the text, so a failed match of a
// pattern without a literal prefix costs microseconds even on a short
// Chinese message; the profile of `houqin bench` had regexp matching at
// about a sixth of the whole process's CPU.
//
// A Regexp knows, from its compiled program, the runes a match can begin
// with, and from its syntax a few strings of which every match holds at
// least one (「复查」 or 「再查」 for (?:复查|再查).*(?:通过|合格), or
// 「通过」 or 「合格」: the set that is longest is kept). When the text holds
// none of the starting runes, or none of those strings, no match is
// possible and the methods below answer at once, as regexp would have after
// trying every position. A pattern whose match may begin with any rune, or
// be empty, has no starting set; one with no literal every match must hold
// has no strings; a test it lacks is not made. Methods not listed here are
// regexp's own.
package rx

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regexp is a compiled regular expression with its starting-rune test and
// its required strings.
type Regexp struct {
	*regexp.Regexp
	first runeSet  // nil: every text may match
	need  []string // nil: no string is required; else a match holds one of them
}

// MustCompile is regexp.MustCompile with the starting-rune test.
func MustCompile(expr string) *Regexp {
	return wrap(regexp.MustCompile(expr), expr)
}

// Compile is regexp.Compile with the starting-rune test.
func Compile(expr string) (*Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	return wrap(re, expr), nil
}

func wrap(re *regexp.Regexp, expr string) *Regexp {
	r := &Regexp{Regexp: re}
	if parsed, err := syntax.Parse(expr, syntax.Perl); err == nil {
		simple := parsed.Simplify()
		if prog, err := syntax.Compile(simple); err == nil {
			r.first = firstRunes(prog)
		}
		if need, ok := required(simple); ok && len(need) > 0 {
			r.need = need
		}
	}
	return r
}

// maxNeed bounds the required strings kept for a pattern: each is a
// substring search of the text, and an alternation of many words is better
// left to the starting-rune test and regexp.
const maxNeed = 12

// maxClassNeed bounds the runes of a character class taken as one-rune
// required strings ([一二三] yes, [0-9] no).
const maxClassNeed = 4

// required returns strings of which every match of re holds at least one,
// and false when there are none to be had (a match may be empty, or built
// only of wide classes, repetitions that may be absent, any-rune…).
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if len(out) == maxClassNeed {
					return nil, false
				}
				out = append(out, string(c))
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return required(re.Sub[0])
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if set, ok := required(sub); ok && better(set, best) {
				best = set
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			set, ok := required(sub)
			if !ok {
				return nil, false
			}
			for _, s := range set {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
			if len(out) > maxNeed {
				return nil, false
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// better reports whether set a is a more selective requirement than b: its
// shortest string is longer (in runes), or as long with fewer strings.
func better(a, b []string) bool {
	if b == nil {
		return true
	}
	la, lb := shortest(a), shortest(b)
	return la > lb || la == lb && len(a) < len(b)
}

func shortest(set []string) int {
	n := -1
	for _, s := range set {
		if l := utf8.RuneCountInString(s); n < 0 || l < n {
			n = l
		}
	}
	return n
}

// maxSpan bounds the runes a starting set may cover: a wider class
// (\p{Han}, [^，]) would let nearly every text through, so it is not worth
// the scan.
const maxSpan = 4096

// runeSet is a sorted list of disjoint inclusive ranges lo, hi, lo, hi…
type runeSet []rune

func (s runeSet) has(r rune) bool {
	// ranges are few; a linear scan beats a search at these sizes
	for i := 0; i+1 < len(s); i += 2 {
		if r < s[i] {
			return false
		}
		if r <= s[i+1] {
			return true
		}
	}
	return false
}

// firstRunes returns the runes a match of prog can begin with, or nil when
// a match can be empty or begin with any rune (or a set too wide to help).
func firstRunes(prog *syntax.Prog) runeSet {
	var ranges [][2]rune
	seen := make([]bool, len(prog.Inst))
	stack := []uint32{uint32(prog.Start)}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			stack = append(stack, in.Out)
		case syntax.InstFail:
		case syntax.InstRune1:
			ranges = append(ranges, [2]rune{in.Rune[0], in.Rune[0]})
		case syntax.InstRune:
			fold := syntax.Flags(in.Arg)&syntax.FoldCase != 0
			switch {
			case len(in.Rune) == 1 && fold:
				r := in.Rune[0]
				ranges = append(ranges, [2]rune{r, r})
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					ranges = append(ranges, [2]rune{f, f})
				}
			case len(in.Rune) == 1:
				ranges = append(ranges, [2]rune{in.Rune[0], in.Rune[0]})
			case fold:
				return nil // a folded class: rare, and not worth expanding
			default:
				for i := 0; i+1 < len(in.Rune); i += 2 {
					ranges = append(ranges, [2]rune{in.Rune[i], in.Rune[i+1]})
				}
			}
		default: // InstMatch (an empty match), InstRuneAny, InstRuneAnyNotNL
			return nil
		}
	}
	if len(ranges) == 0 {
		return nil // nothing can match at all; let regexp say so
	}
	slices.SortFunc(ranges, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	var set runeSet
	span := 0
	for _, r := range ranges {
		if n := len(set); n > 0 && r[0] <= set[n-1]+1 {
			set[n-1] = max(set[n-1], r[1])
			continue
		}
		set = append(set, r[0], r[1])
	}
	for i := 0; i+1 < len(set); i += 2 {
		span += int(set[i+1]-set[i]) + 1
	}
	if span > maxSpan {
		return nil
	}
	return set
}

// mayMatch reports whether s holds a rune a match can begin with and one
// of the strings every match holds.
func (re *Regexp) mayMatch(s string) bool {
	if !re.startsIn(s) {
		return false
	}
	if re.need == nil {
		return true
	}
	for _, n := range re.need {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// startsIn reports whether s holds a rune a match can begin with.
func (re *Regexp) startsIn(s string) bool {
	if re.first == nil {
		return true
	}
	for i := 0; i < len(s); {
		c := rune(s[i])
		if c < utf8.RuneSelf {
			i++
		} else {
			var n int
			c, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		if re.first.has(c) {
			return true
		}
	}
	return false
}

// MatchString is regexp's MatchString.
func (re *Regexp) MatchString(s string) bool {
	return re.mayMatch(s) && re.Regexp.MatchString(s)
}

// FindString is regexp's FindString.
func (re *Regexp) FindString(s string) string {
	if !re.mayMatch(s) {
		return ""
	}
	return re.Regexp.FindString(s)
}

// FindStringIndex is regexp's FindStringIndex.
func (re *Regexp) FindStringIndex(s string) []int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringIndex(s)
}

// FindStringSubmatch is regexp's FindStringSubmatch.
func (re *Regexp) FindStringSubmatch(s string) []string {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatch(s)
}

// FindStringSubmatchIndex is regexp's FindStringSubmatchIndex.
func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatchIndex(s)
}

// FindAllString is regexp's FindAllString.
func (re *Regexp) FindAllString(s string, n int) []string {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllString(s, n)
}

// FindAllStringIndex is regexp's FindAllStringIndex.
func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringIndex(s, n)
}

// FindAllStringSubmatch is regexp's FindAllStringSubmatch.
func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatch(s, n)
}

// FindAllStringSubmatchIndex is regexp's FindAllStringSubmatchIndex.
func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !re.mayMatch(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString is regexp's ReplaceAllString.
func (re *Regexp) ReplaceAllString(src, repl string) string {
	if !re.mayMatch(src) {
		return src
	}
	return re.Regexp.ReplaceAllString(src, repl)
}

// ReplaceAllLiteralString is regexp's ReplaceAllLiteralString.
func (re *Regexp) ReplaceAllLiteralString(src, repl string) string {
	if !re.mayMatch(src) {
		return src
	}
	return re.Regexp.ReplaceAllLiteralString(src, repl)
}

// ReplaceAllStringFunc is regexp's ReplaceAllStringFunc.
func (re *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	if !re.mayMatch(src) {
		return src
	}
	return re.Regexp.ReplaceAllStringFunc(src, repl)
}
