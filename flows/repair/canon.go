package repair

import (
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows/parse"
)

// canon is text prepared for matching place names and keywords: ASCII
// lower-cased; brackets, line breaks and spaces dropped (a space is kept
// only between two ASCII letters or digits, where it separates numbers);
// and a Chinese numeral before 班 楼 层 号 栋 幢 written in digits, so that
// 初二(三)班, 初二（3）班 and 初二3班 all read 初二3班, and 二楼 reads 2楼.
// Both the message and the names it is matched against go through it.
type canon struct {
	r    []rune
	orig []int // orig[i] is the index in the source runes of r[i]
}

func canonicalize(src []rune) canon {
	var c canon
	for i, r := range src {
		switch r {
		case '(', ')', '[', ']', '【', '】', '〔', '〕', '\n':
			continue
		case ' ':
			if n := len(c.r); n > 0 && isASCIIAlnum(c.r[n-1]) && i+1 < len(src) && isASCIIAlnum(src[i+1]) {
				break
			}
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		c.r = append(c.r, r)
		c.orig = append(c.orig, i)
	}
	return c.withDigits()
}

func canonString(s string) []rune { return canonicalize([]rune(parse.Normalize(s))).r }

// withDigits rewrites a Chinese numeral before a counting marker in digits.
// Before 班 a numeral right after 初 or 高 starts with the grade, which is
// kept: 初二三班 is grade 二, class 3.
func (c canon) withDigits() canon {
	var out canon
	for i := 0; i < len(c.r); {
		j := i
		for j < len(c.r) && isCNNumeral(c.r[j]) {
			j++
		}
		if j == i {
			out.r = append(out.r, c.r[i])
			out.orig = append(out.orig, c.orig[i])
			i++
			continue
		}
		s := i
		if j < len(c.r) && c.r[j] == '班' && j-i >= 2 && i > 0 && (c.r[i-1] == '初' || c.r[i-1] == '高') {
			s = i + 1
		}
		out.r = append(out.r, c.r[i:s]...)
		out.orig = append(out.orig, c.orig[i:s]...)
		v, ok := parse.Numeral(string(c.r[s:j]))
		if j < len(c.r) && slices.Contains([]rune("班楼层号栋幢"), c.r[j]) && ok {
			for k, d := range strconv.Itoa(v) {
				o := c.orig[s]
				if k > 0 {
					o = c.orig[j-1]
				}
				out.r = append(out.r, d)
				out.orig = append(out.orig, o)
			}
		} else {
			out.r = append(out.r, c.r[s:j]...)
			out.orig = append(out.orig, c.orig[s:j]...)
		}
		i = j
	}
	return out
}

func isCNNumeral(r rune) bool {
	switch r {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百':
		return true
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return isDigit(r) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// hasPrefixAt reports whether p occurs in c at i.
func (c canon) hasPrefixAt(i int, p []rune) bool {
	return i >= 0 && len(p) <= len(c.r)-i && slices.Equal(c.r[i:i+len(p)], p)
}

// afterNumber are words that make a number a count, an ordinal or a
// measure rather than a room: 3排, 3楼, 3个, 3号楼 ...
var afterNumber = runeWords("排 列 行 楼 层 个 张 把 盏 根 扇 块 台 只 条 套 支 件 天 次 点 年 月 日 " +
	"号楼 号床 号线 组 人 位 节 栋 幢 座 周 级 岁 度 ℃ 元 米 分 秒 小时 班 届 寸 斤 两 克 厘米 毫米 公分 瓦 伏 % 倍 遍 处 间")

// find returns where p occurs in c as a whole name: a name that starts or
// ends with an ASCII letter or digit must not continue a longer number or
// word there, so room "3" is not found in 13, 3.5, 第3, 3排 or 3号楼.
func (c canon) find(p []rune) []int {
	var at []int
	if len(p) == 0 {
		return nil
	}
	for s := 0; s+len(p) <= len(c.r); s++ {
		if !c.hasPrefixAt(s, p) {
			continue
		}
		e := s + len(p)
		if isASCIIAlnum(p[0]) && s > 0 && isNumberJoin(c.r[s-1], true) {
			continue
		}
		if isASCIIAlnum(p[len(p)-1]) && e < len(c.r) {
			if isNumberJoin(c.r[e], false) {
				continue
			}
			if isDigit(p[len(p)-1]) && slices.ContainsFunc(afterNumber, func(w []rune) bool { return c.hasPrefixAt(e, w) }) {
				continue
			}
		}
		at = append(at, s)
	}
	return at
}

// isNumberJoin reports a rune that continues a number or code next to it.
func isNumberJoin(r rune, before bool) bool {
	switch {
	case isASCIIAlnum(r), r == '.', r == '-', r == ':', r == '/':
		return true
	case before && r == '第':
		return true
	}
	return false
}

func runeWords(s string) [][]rune {
	var ws [][]rune
	for _, w := range strings.Fields(s) {
		ws = append(ws, []rune(w))
	}
	return ws
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
