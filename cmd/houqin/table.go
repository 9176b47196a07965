package main

import (
	"io"
	"strings"

	"golang.org/x/text/width"
)

// columns aligns tab-separated lines for a terminal, as text/tabwriter
// does (two spaces between columns, the last cell of a line left as it
// is), but measures a cell by the columns a terminal gives it: a Chinese
// character (East Asian wide or fullwidth) takes two, so the columns after
// 王师傅 or 教学楼 line up. tabwriter counts one per character, and a list of
// staff or locations came out ragged.
type columns struct {
	w   io.Writer
	buf strings.Builder
}

func newColumns(w io.Writer) *columns { return &columns{w: w} }

// Write takes text whose lines are tab-separated cells, kept until Flush.
func (c *columns) Write(p []byte) (int, error) { return c.buf.Write(p) }

// Flush writes the lines kept, aligned, and forgets them.
func (c *columns) Flush() error {
	var lines [][]string
	if text := strings.TrimSuffix(c.buf.String(), "\n"); text != "" {
		for _, line := range strings.Split(text, "\n") {
			lines = append(lines, strings.Split(line, "\t"))
		}
	}
	c.buf.Reset()
	var widths []int
	for _, cells := range lines {
		for i, cell := range cells[:len(cells)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, cells := range lines {
		for i, cell := range cells {
			b.WriteString(cell)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(c.w, b.String())
	return err
}

// displayWidth is how many terminal columns s takes: two for each East
// Asian wide or fullwidth character, none for a combining mark, one for
// anything else.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x300:
			n++
		case r >= 0x300 && r <= 0x36f, r == 0x200b, r == 0xfe0f:
			// combining diacritics, zero-width space, emoji variation selector
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}
