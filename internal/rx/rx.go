// Package rx is regexp with a cheap test in front: houqin's flows try a few
// hundred patterns on every message (is this a sign-off, a host's reply, a
// step of a round…), and nearly all of them fail. Go's backtracker tries a
// failing pattern at every position of the text, so a failed match of a
// pattern without a literal prefix costs microseconds even on a short
// Chinese message; the profile of `houqin bench` had regexp matching at
// about a sixth of the whole process's CPU.
//
// A Regexp knows, from its compiled program, the runes a match can begin
// with. When the text holds none of them no match is possible and the
// methods below answer at once, as regexp would have after trying every
// position. A pattern whose match may begin with any rune, or be empty, has
// no such set and always runs. Methods not listed here are regexp's own.
package rx

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Regexp is a compiled regular expression with its starting-rune test.
type Regexp struct {
	*regexp.Regexp
	first runeSet // nil: every text may match
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
		if prog, err := syntax.Compile(parsed.Simplify()); err == nil {
			r.first = firstRunes(prog)
		}
	}
	return r
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

// mayMatch reports whether s holds a rune a match can begin with.
func (re *Regexp) mayMatch(s string) bool {
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
