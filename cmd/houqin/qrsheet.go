package main

// The printable 扫码报修 sheet: A4 pages of labels, one per location, each
// with the school, 「扫码报修」, the QR code, the room and its alias. The PDF
// is drawn with github.com/go-pdf/fpdf; the QR code is drawn as vector
// squares from github.com/skip2/go-qrcode's module matrix (sharp at any
// printer resolution, no image embedded). The Chinese text needs a CJK
// TrueType font, embedded as a subset of the glyphs used: WenQuanYi Micro
// Hei (Debian fonts-wqy-microhei) is found by default; --font takes any
// TrueType .ttf or .ttc (fpdf cannot embed CFF-based OpenType fonts such as
// Noto Sans CJK).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// defaultFonts are where Debian's packages put TrueType CJK fonts.
var defaultFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/truetype/arphic/ukai.ttc",
}

// findFont returns the font file to use: path if given, else the first
// default that exists.
func findFont(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("--font: %w", err)
		}
		return path, nil
	}
	for _, p := range defaultFonts {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chinese TrueType font found: install one (apt-get install fonts-wqy-microhei) or give --font FILE.ttf")
}

// loadTrueType reads a .ttf, or the first font of a .ttc collection as a
// .ttf (fpdf embeds single TrueType fonts only).
func loadTrueType(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		return firstOfCollection(b)
	}
	return b, nil
}

// firstOfCollection extracts the first font of a TrueType collection: its
// offset table and the tables it points to, copied into a file of their own
// with the offsets rewritten.
func firstOfCollection(b []byte) ([]byte, error) {
	bad := errors.New("font collection is damaged")
	if len(b) < 16 || binary.BigEndian.Uint32(b[8:]) == 0 {
		return nil, bad
	}
	off := int(binary.BigEndian.Uint32(b[12:]))
	if off+12 > len(b) {
		return nil, bad
	}
	n := int(binary.BigEndian.Uint16(b[off+4:]))
	if n == 0 || off+12+16*n > len(b) {
		return nil, bad
	}
	head := 12 + 16*n
	var out bytes.Buffer
	out.Write(b[off : off+head])
	dir := out.Bytes()
	pos := head
	var tables [][]byte
	for i := range n {
		rec := off + 12 + 16*i
		start := int(binary.BigEndian.Uint32(b[rec+8:]))
		length := int(binary.BigEndian.Uint32(b[rec+12:]))
		if start < 0 || length < 0 || start+length > len(b) {
			return nil, bad
		}
		binary.BigEndian.PutUint32(dir[12+16*i+8:], uint32(pos))
		t := b[start : start+length]
		tables = append(tables, t)
		pos += (length + 3) &^ 3
	}
	for _, t := range tables {
		out.Write(t)
		if pad := (4 - len(t)%4) % 4; pad > 0 {
			out.Write(make([]byte, pad))
		}
	}
	return out.Bytes(), nil
}

// qrLabel is one label of the sheet.
type qrLabel struct {
	School  string
	Place   string // building and room: 教学楼302
	Alias   string // 初二(3)班, or ""
	Content string // what the QR code encodes
	Hint    string // how to scan: 微信扫一扫 ...
}

// Sheet geometry, in millimetres: A4 portrait, 2 columns × 3 rows.
const (
	sheetCols    = 2
	sheetRows    = 3
	perPage      = sheetCols * sheetRows
	pageW, pageH = 210.0, 297.0
	sheetMargin  = 10.0
	labelW       = (pageW - 2*sheetMargin) / sheetCols
	labelH       = (pageH - 2*sheetMargin) / sheetRows
	qrSide       = 44.0
)

// qrSheetPDF draws the labels, perPage to an A4 page, with the font in
// fontData (TrueType), and returns the PDF.
func qrSheetPDF(labels []qrLabel, fontData []byte) ([]byte, error) {
	if len(labels) == 0 {
		return nil, errors.New("no labels")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("扫码报修", true)
	pdf.SetCreator("houqin qr", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes("cjk", "", fontData)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	for i, l := range labels {
		if i%perPage == 0 {
			pdf.AddPage()
		}
		col, row := i%perPage%sheetCols, i%perPage/sheetCols
		if err := drawLabel(pdf, sheetMargin+float64(col)*labelW, sheetMargin+float64(row)*labelH, l); err != nil {
			return nil, fmt.Errorf("label %d (%s): %w", i+1, l.Place, err)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// drawLabel draws one label with its top-left corner at x, y.
func drawLabel(pdf *fpdf.Fpdf, x, y float64, l qrLabel) error {
	// A dashed cutting line around the label.
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{2, 2}, 0)
	pdf.Rect(x, y, labelW, labelH, "D")
	pdf.SetDashPattern(nil, 0)

	center := func(text string, size, top float64) {
		pdf.SetFont("cjk", "", size)
		for size > 6 && pdf.GetStringWidth(text) > labelW-8 {
			size--
			pdf.SetFont("cjk", "", size)
		}
		pdf.SetXY(x+4, top)
		pdf.CellFormat(labelW-8, size*0.45, text, "", 0, "C", false, 0, "")
	}
	pdf.SetTextColor(90, 90, 90)
	center(l.School, 10, y+4)
	pdf.SetTextColor(0, 0, 0)
	center("扫码报修", 22, y+10)

	q, err := qrcode.New(l.Content, qrcode.Medium)
	if err != nil {
		return err
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	module := qrSide / float64(len(bits))
	qx, qy := x+(labelW-qrSide)/2, y+21
	pdf.SetFillColor(0, 0, 0)
	for r, line := range bits {
		// One rectangle per run of dark modules in a row.
		for c := 0; c < len(line); {
			if !line[c] {
				c++
				continue
			}
			start := c
			for c < len(line) && line[c] {
				c++
			}
			pdf.Rect(qx+float64(start)*module, qy+float64(r)*module, float64(c-start)*module, module, "F")
		}
	}
	center(l.Place, 16, qy+qrSide+2)
	if l.Alias != "" {
		center(l.Alias, 13, qy+qrSide+9.5)
	}
	pdf.SetTextColor(90, 90, 90)
	center(l.Hint, 9, y+labelH-7)
	pdf.SetTextColor(0, 0, 0)
	return pdf.Error()
}

// pdfPages counts the pages of a PDF fpdf wrote (its page objects are
// uncompressed dictionaries).
func pdfPages(b []byte) int {
	return strings.Count(string(b), "/Type /Page\n")
}
