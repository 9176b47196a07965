package rx

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestStartingRunes(t *testing.T) {
	for _, c := range []struct {
		expr     string
		filtered bool
		yes, no  []string
	}{
		{`修好了`, true, []string{"灯修好了", "修好了"}, []string{"灯坏了", "", "好了"}},
		{`^(?:没|不)(?:修|好)`, true, []string{"没修", "不好"}, []string{"修好", "一个没修"}},
		{`(?i)ok`, true, []string{"OK", "ok了", "Ok"}, []string{"好的"}},
		{`\d+分`, true, []string{"给5分", "10分"}, []string{"五分", "分"}},
		{`[一二三]楼$`, true, []string{"教学楼二楼"}, []string{"二楼的灯"}},
		{`\p{Han}+坏了`, false, []string{"灯坏了"}, []string{"ok"}},
		{`.*坏`, false, []string{"坏"}, nil},
		{`(?:灯)?`, false, []string{"", "x"}, nil},
		{`[^，]+`, false, []string{"a"}, nil},
		{`\b(?:OK|好)\b`, true, []string{"OK"}, []string{"行"}},
	} {
		re := MustCompile(c.expr)
		if got := re.first != nil; got != c.filtered {
			t.Errorf("%s: filtered %v, want %v (set %v)", c.expr, got, c.filtered, re.first)
		}
		for _, s := range c.yes {
			if !re.MatchString(s) {
				t.Errorf("%s: %q did not match", c.expr, s)
			}
		}
		for _, s := range c.no {
			if re.MatchString(s) || re.FindStringSubmatch(s) != nil || re.ReplaceAllString(s, "X") != s {
				t.Errorf("%s: %q matched", c.expr, s)
			}
		}
	}
}

func TestRequiredStrings(t *testing.T) {
	for _, c := range []struct {
		expr    string
		need    []string // nil: none
		yes, no []string
	}{
		{`(?:复查|再查).*(?:通过|合格)`, []string{"复查", "再查"}, []string{"复查了 通过", "再查合格"}, []string{"通过了", "查通过", "没问题"}},
		{`^(?:没|不)(?:修|好)`, []string{"不", "没"}, []string{"没修", "不好"}, []string{"修好"}},
		{`\d+分`, []string{"分"}, []string{"给5分"}, []string{"五块", "5"}},
		{`[一二三]楼东头`, []string{"楼东头"}, []string{"二楼东头"}, []string{"二楼西头", "东头"}},
		{`(?:灯)?坏`, []string{"坏"}, []string{"坏了", "灯坏"}, []string{"灯亮"}},
		{`(?:灯|门)+不亮|锁(?:坏|没)了`, []string{"不亮", "锁"}, []string{"灯灯不亮", "门锁坏了"}, []string{"灯坏了"}},
		{`(?i)ok`, nil, []string{"OK"}, nil},
		{`\p{Han}+`, nil, []string{"灯"}, nil},
		{`(?:灯)?`, nil, []string{""}, nil},
		{`[0-9]+`, nil, []string{"7"}, nil},
	} {
		re := MustCompile(c.expr)
		if !slices.Equal(re.need, c.need) {
			t.Errorf("%s: need %q, want %q", c.expr, re.need, c.need)
		}
		for _, s := range c.yes {
			if !re.MatchString(s) {
				t.Errorf("%s: %q did not match", c.expr, s)
			}
		}
		for _, s := range c.no {
			if re.mayMatch(s) || re.MatchString(s) {
				t.Errorf("%s: %q not turned away (or matched)", c.expr, s)
			}
		}
	}
}

// flowsCorpus returns every pattern houqin's flows compile from a literal
// and every line the flows' testdata holds (what people type in the
// transcripts and corpora).
func flowsCorpus(tb testing.TB) (exprs, texts []string) {
	tb.Helper()
	root := filepath.Join("..", "..", "flows")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "MustCompile" {
					return true
				}
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						exprs = append(exprs, s)
					}
				}
				return true
			})
		case strings.Contains(path, "testdata") && (strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".tsv")):
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				line = strings.TrimPrefix(line, "> ")
				if _, said, ok := strings.Cut(line, ": "); ok {
					seen[said] = true
				}
				for _, field := range strings.Split(line, "\t") {
					seen[field] = true
				}
			}
			return sc.Err()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(exprs) < 500 || len(seen) < 5000 {
		tb.Fatalf("found %d patterns and %d texts: the walk missed the flows", len(exprs), len(seen))
	}
	return exprs, slices.Sorted(maps.Keys(seen))
}

// TestAgreesWithRegexp tries every pattern houqin's flows compile from a
// literal against every line the flows' testdata holds (what people type in
// the transcripts and corpora), and fails where the starting-rune test or
// the required strings would have turned away a text regexp matches.
func TestAgreesWithRegexp(t *testing.T) {
	exprs, all := flowsCorpus(t)
	// Every pattern against every text takes half a minute on a small
	// machine; an even sample of the texts keeps it to seconds.
	var sample []string
	for i := 0; i < len(all); i += max(1, len(all)/3000) {
		sample = append(sample, all[i])
	}
	filtered, needing, turnedAway := 0, 0, 0
	for _, e := range exprs {
		re, std := MustCompile(e), regexp.MustCompile(e)
		if re.first != nil {
			filtered++
		}
		if re.need != nil {
			needing++
		}
		for _, s := range sample {
			if re.mayMatch(s) {
				continue
			}
			turnedAway++
			if std.MatchString(s) {
				t.Errorf("%s: turned away %q, which regexp matches", e, s)
			}
		}
	}
	t.Logf("%d patterns (%d with a starting set, %d with required strings), %d of %d texts, %d of %d pattern-and-text pairs turned away",
		len(exprs), filtered, needing, len(sample), len(all), turnedAway, len(exprs)*len(sample))
}

// BenchmarkFlowsPatterns tries every pattern of the flows on an even
// sample of their testdata's lines, with regexp, with rx's starting-rune
// test alone and with rx, in one run:
//
//	go test -run '^$' -bench FlowsPatterns ./internal/rx/
func BenchmarkFlowsPatterns(b *testing.B) {
	exprs, all := flowsCorpus(b)
	var sample []string
	for i := 0; i < len(all); i += max(1, len(all)/300) {
		sample = append(sample, all[i])
	}
	std := make([]*regexp.Regexp, len(exprs))
	guarded := make([]*Regexp, len(exprs))
	startOnly := make([]*Regexp, len(exprs))
	for i, e := range exprs {
		std[i], guarded[i] = regexp.MustCompile(e), MustCompile(e)
		r := *guarded[i]
		r.need = nil
		startOnly[i] = &r
	}
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sample {
				for _, re := range std {
					re.MatchString(s)
				}
			}
		}
	})
	b.Run("rx-starting-runes-only", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sample {
				for _, re := range startOnly {
					re.MatchString(s)
				}
			}
		}
	})
	b.Run("rx", func(b *testing.B) {
		for b.Loop() {
			for _, s := range sample {
				for _, re := range guarded {
					re.MatchString(s)
				}
			}
		}
	})
}
