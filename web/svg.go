package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// The charts are small SVGs drawn here, on the server: no JavaScript, and
// they scale to the phone's width. Only numbers and fixed labels go into
// them, so building them with fmt is safe.

const (
	chartW, chartH = 360, 150
	padL, padR     = 30, 8
	padT, padB     = 10, 22
)

// series is one coloured set of values; a value < 0 is missing.
type series struct {
	Name   string
	Color  string
	Values []int
}

func missing(ss []series) bool {
	for _, s := range ss {
		for _, v := range s.Values {
			if v >= 0 {
				return false
			}
		}
	}
	return true
}

// niceMax rounds the axis maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v int) int {
	if v <= 4 {
		return 4
	}
	p := 1
	for p*10 < v {
		p *= 10
	}
	for _, m := range []int{1, 2, 4, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func axes(b *strings.Builder, days []time.Time, maxV int, suffix string) {
	plotH := chartH - padT - padB
	for i := 0; i <= 2; i++ {
		y := padT + plotH - plotH*i/2
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd" stroke-width="1"/>`, padL, y, chartW-padR, y)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="10" text-anchor="end" fill="#666">%d%s</text>`, padL-4, y+3, maxV*i/2, suffix)
	}
	step := float64(chartW-padL-padR) / float64(len(days))
	for i, d := range days {
		if (len(days)-1-i)%2 != 0 {
			continue // every other day, counting back from the last
		}
		x := float64(padL) + step*(float64(i)+0.5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="#666">%d/%d</text>`, x, chartH-6, d.Month(), d.Day())
	}
}

func svgOpen(b *strings.Builder, label string) {
	fmt.Fprintf(b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		chartW, chartH, template.HTMLEscapeString(label))
}

// barChart draws grouped bars per day; "" when every value is missing.
func barChart(label string, days []time.Time, ss []series) template.HTML {
	if len(days) == 0 || missing(ss) {
		return ""
	}
	maxV := 0
	for _, s := range ss {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	maxV = niceMax(maxV)
	var b strings.Builder
	svgOpen(&b, label)
	axes(&b, days, maxV, "")
	plotH := float64(chartH - padT - padB)
	step := float64(chartW-padL-padR) / float64(len(days))
	barW := step * 0.8 / float64(len(ss))
	for i := range days {
		for j, s := range ss {
			v := s.Values[i]
			if v <= 0 {
				continue
			}
			h := plotH * float64(v) / float64(maxV)
			x := float64(padL) + step*float64(i) + step*0.1 + barW*float64(j)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, float64(padT)+plotH-h, barW, h, s.Color)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// pctChart draws a percentage line with dots; days without a value are gaps.
func pctChart(label string, days []time.Time, pct []int, color string) template.HTML {
	if len(days) == 0 || missing([]series{{Values: pct}}) {
		return ""
	}
	var b strings.Builder
	svgOpen(&b, label)
	axes(&b, days, 100, "%")
	plotH := float64(chartH - padT - padB)
	step := float64(chartW-padL-padR) / float64(len(days))
	var pts []string
	flush := func() {
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), color)
		}
		pts = pts[:0]
	}
	for i, v := range pct {
		if v < 0 {
			flush()
			continue
		}
		x := float64(padL) + step*(float64(i)+0.5)
		y := float64(padT) + plotH - plotH*float64(v)/100
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	flush()
	for i, v := range pct {
		if v < 0 {
			continue
		}
		x := float64(padL) + step*(float64(i)+0.5)
		y := float64(padT) + plotH - plotH*float64(v)/100
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, x, y, color)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
