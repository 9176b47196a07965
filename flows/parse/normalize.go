package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize prepares chat text for the other parsers; call it first.
//
//   - Full-width ASCII forms (U+FF01–U+FF5E: ０-９, Ａ-Ｚ, ａ-ｚ, （）, ：, ．, －
//     ...) become their ASCII counterparts, and the ideographic space U+3000
//     becomes a space.
//   - The Chinese sentence punctuation ， ； ！ ？ is kept: it is how Chinese
//     is written, descriptions that are stored and shown back would look
//     wrong with ASCII commas, and every parser here that splits on a comma
//     or semicolon accepts both forms. Likewise 、 and 。 are not full-width
//     ASCII forms and are kept.
//   - Zero-width characters (often pasted from WeChat) and control characters
//     are dropped; invalid UTF-8 becomes U+FFFD.
//   - Runs of white space collapse to one space, or to one line break when
//     the run contains one (dish lists are one per line), and the result is
//     trimmed.
//
// Normalize is idempotent and does not change letter case.
func Normalize(s string) string {
	// A message's text is normalised by the engine and again by each
	// reading of it; text that is normal already is returned as it is,
	// not copied (the copies were about 6 % of BenchmarkMessageMix's
	// allocations).
	if normal(s) {
		return s
	}
	return normalize(s)
}

// normal reports whether normalize would return s unchanged. It may say
// no to text that is normal (one holding U+FFFD), never yes to text that
// is not.
func normal(s string) bool {
	space := true // at the start, or after a space or a line break
	for _, r := range s {
		switch {
		case r == ' ' || r == '\n':
			if space {
				return false
			}
			space = true
		case r == utf8.RuneError || r == '\r' || r == '\u3000' || unicode.IsSpace(r) || isInvisible(r) || halfWidth(r) != r:
			return false
		default:
			space = false
		}
	}
	return !space || s == ""
}

func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space, newline := false, false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			newline = true
			continue
		case r == '\u3000' || unicode.IsSpace(r):
			space = true
			continue
		case isInvisible(r):
			continue
		}
		r = halfWidth(r)
		if b.Len() > 0 {
			if newline {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
		}
		space, newline = false, false
		b.WriteRune(r)
	}
	return b.String()
}

// halfWidth maps a full-width ASCII form to ASCII, except the Chinese
// sentence punctuation Normalize keeps.
func halfWidth(r rune) rune {
	switch r {
	case '，', '；', '！', '？':
		return r
	}
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// isInvisible reports runes that carry no text: zero-width characters, the
// byte-order mark and control characters (line breaks are handled before).
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsControl(r)
}
