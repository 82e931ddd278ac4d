// Package report writes printable documents — a case file today — as PDF
// with their Chinese text embedded, so the file reads the same on any
// machine it is sent to.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Doc is a document: a title, a list of facts, then sections of
// paragraphs or tables.
type Doc struct {
	Title    string
	Author   string
	Created  time.Time
	Facts    []Fact
	Sections []Section
	Footer   string // printed at the foot of each page, before the page number
}

// Fact is a labelled value at the head of the document.
type Fact struct{ Label, Value string }

// Section is a heading with paragraphs, a numbered list, or a table.
type Section struct {
	Heading string
	Lines   []string // paragraphs; Numbered makes them a numbered list
	// Numbered numbers Lines.
	Numbered bool
	Table    *Table
	Empty    string // shown when the section has no lines and no rows
}

// Table is a header and rows; Widths are relative column widths (equal
// when nil).
type Table struct {
	Header []string
	Rows   [][]string
	Widths []float64
}

const (
	family   = "body"
	size     = 9.5
	lineH    = 4.6
	margin   = 15.0
	cellPad  = 1.2
	headGray = 235
)

// Write renders d as A4 PDF with font embedded (only the characters used).
func Write(w io.Writer, d *Doc, font *Font) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.AddUTF8FontFromBytes(family, "", font.TTF)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf font %s: %w", font.Path, err)
	}
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Author, true)
	pdf.SetCreator("OreWatch", true)
	if !d.Created.IsZero() {
		pdf.SetCreationDate(d.Created)
		pdf.SetModificationDate(d.Created)
	}
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont(family, "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 4, fmt.Sprintf("%s    %d / {nb}", d.Footer, pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	body := width - 2*margin

	pdf.SetFont(family, "", 16)
	pdf.MultiCell(body, 7.5, d.Title, "", "L", false)
	pdf.Ln(2)
	pdf.SetFont(family, "", size)
	if len(d.Facts) > 0 {
		labelW := 0.0
		for _, f := range d.Facts {
			labelW = max(labelW, pdf.GetStringWidth(f.Label)+4)
		}
		labelW = min(labelW, body/3)
		t := &Table{Widths: []float64{labelW, body - labelW}}
		for _, f := range d.Facts {
			t.Rows = append(t.Rows, []string{f.Label, f.Value})
		}
		table(pdf, body, t, false)
	}
	for _, s := range d.Sections {
		pdf.Ln(3)
		_, pageH := pdf.GetPageSize()
		if pdf.GetY() > pageH-margin-30 { // a heading is not left alone at a page's foot
			pdf.AddPage()
		}
		pdf.SetFont(family, "", 12.5)
		pdf.Bookmark(s.Heading, 0, -1)
		pdf.MultiCell(body, 6.5, s.Heading, "B", "L", false)
		pdf.Ln(1.5)
		pdf.SetFont(family, "", size)
		switch {
		case s.Table != nil && len(s.Table.Rows) > 0:
			table(pdf, body, s.Table, true)
		case len(s.Lines) > 0:
			for i, l := range s.Lines {
				if s.Numbered {
					l = fmt.Sprintf("%d. %s", i+1, l)
				}
				pdf.MultiCell(body, lineH, l, "", "L", false)
				pdf.Ln(1)
			}
		default:
			pdf.MultiCell(body, lineH, or(s.Empty, "—"), "", "L", false)
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return pdf.Output(w)
}

// table draws rows with wrapped cells, each row as tall as its tallest
// cell; a row that does not fit starts a new page and repeats the header.
func table(pdf *fpdf.Fpdf, body float64, t *Table, ruled bool) {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	widths := make([]float64, n)
	total := 0.0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	for i := range widths {
		widths[i] *= body / total
	}
	border := ""
	if ruled {
		border = "1"
	}
	row := func(cells []string, head bool) {
		lines := make([][]string, n)
		height := 0
		for i := range n {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			lines[i] = wrap(pdf, v, widths[i]-2*cellPad)
			height = max(height, len(lines[i]))
		}
		h := float64(height)*lineH + 2*cellPad
		_, pageH := pdf.GetPageSize()
		if pdf.GetY()+h > pageH-margin-5 {
			pdf.AddPage()
			if !head && ruled && len(t.Header) > 0 {
				drawRow(pdf, widths, wrapAll(pdf, t.Header, widths), true, border)
			}
		}
		drawRow(pdf, widths, lines, head, border)
	}
	if len(t.Header) > 0 {
		row(t.Header, true)
	}
	for _, r := range t.Rows {
		row(r, false)
	}
}

func wrapAll(pdf *fpdf.Fpdf, cells []string, widths []float64) [][]string {
	out := make([][]string, len(widths))
	for i := range widths {
		if i < len(cells) {
			out[i] = wrap(pdf, cells[i], widths[i]-2*cellPad)
		}
	}
	return out
}

func drawRow(pdf *fpdf.Fpdf, widths []float64, lines [][]string, head bool, border string) {
	height := 1
	for _, l := range lines {
		height = max(height, len(l))
	}
	h := float64(height)*lineH + 2*cellPad
	x, y := pdf.GetX(), pdf.GetY()
	for i, w := range widths {
		if head {
			pdf.SetFillColor(headGray, headGray, headGray)
			pdf.Rect(x, y, w, h, "F")
		}
		if border != "" {
			pdf.Rect(x, y, w, h, "D")
		}
		for j, l := range lines[i] {
			pdf.SetXY(x+cellPad, y+cellPad+float64(j)*lineH)
			pdf.CellFormat(w-2*cellPad, lineH, l, "", 0, "L", false, 0, "")
		}
		x += w
	}
	pdf.SetXY(margin, y+h)
}

// wrap breaks text into lines that fit width: at spaces, between Chinese
// characters, and inside a word longer than a line (a hash, an id).
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		var line []rune
		var w float64
		lastBreak := -1
		for _, r := range para {
			line = append(line, r)
			w += pdf.GetStringWidth(string(r))
			if r == ' ' || r > 0x2E80 {
				lastBreak = len(line)
			}
			if w <= width || strings.ContainsRune(noLineStart, r) {
				continue
			}
			cut := len(line) - 1 // the rune that overflowed moves on
			if lastBreak > 0 && lastBreak <= cut {
				cut = lastBreak
			}
			if cut == 0 {
				cut = 1
			}
			out = append(out, strings.TrimRight(string(line[:cut]), " "))
			line = append([]rune(nil), line[cut:]...)
			w = pdf.GetStringWidth(string(line))
			lastBreak = -1
		}
		out = append(out, string(line))
	}
	return out
}

// noLineStart is punctuation a line does not begin with (Chinese
// typesetting's rule): it stays on the line it closes, overhanging it.
const noLineStart = "，。、；：！？）》」』】,.;:!?)"

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
