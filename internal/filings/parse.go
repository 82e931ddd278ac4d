package filings

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// MaxFile bounds an uploaded file of monthly reports.
const MaxFile = 4 << 20

// maxRows bounds the rows of one file: seven figures for each material
// and month of a few years.
const maxRows = 20000

// Problem is a row or field that could not be read, where it is.
type Problem struct {
	Line    int    `json:"line,omitempty"`
	Column  string `json:"column,omitempty"`
	Field   string `json:"field,omitempty"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, "column %s: ", p.Column)
	}
	b.WriteString(p.Message)
	return b.String()
}

// columns are the file's columns: the canonical name, then the headers
// accepted for it (compared folded: 繁体 and full width read as 简体).
var columns = []struct {
	name    string
	headers []string
}{
	{"month", []string{"month", "月份", "报告期", "期间", "所属期", "年月", "period"}},
	{"material", []string{"material", "物料", "品种", "物料编码", "物料名称", "材料名称", "材料", "品名", "产品名称", "产品", "material name", "product", "item"}},
	{"opening_kg", []string{"opening_kg", "opening", "期初库存", "期初", "期初结存", "期初数量", "上月结存", "上期结存", "opening stock", "opening balance", "opening inventory"}},
	{"received_kg", []string{"received_kg", "received", "收入", "购进", "入库", "本月购进", "本月入库", "本月收入", "采购", "receipts", "purchases", "purchased"}},
	{"produced_kg", []string{"produced_kg", "produced", "产出", "生产", "产量", "本月产量", "本月产出", "本月生产", "production", "output"}},
	{"consumed_kg", []string{"consumed_kg", "consumed", "消耗", "投料", "领用", "本月领用", "本月消耗", "耗用", "consumption", "used"}},
	{"shipped_kg", []string{"shipped_kg", "shipped", "发出", "销售", "本月销售", "本月发出", "内销", "sold", "sales", "domestic sales"}},
	{"exported_kg", []string{"exported_kg", "exported", "出口", "本月出口", "exports", "export"}},
	{"closing_kg", []string{"closing_kg", "closing", "期末库存", "期末", "期末结存", "期末数量", "本月结存", "closing stock", "closing balance", "closing inventory"}},
}

func columnOf(header string) (string, bool) {
	h := bare(strings.TrimPrefix(header, "\ufeff"))
	for _, c := range columns {
		for _, alias := range c.headers {
			if h == bare(alias) {
				return c.name, true
			}
		}
	}
	return "", false
}

// bare is a header without its unit: "期末库存（kg）", "closing_kg" and
// "Closing (KG)" are the same column.
func bare(h string) string {
	h = textnorm.Fold(strings.TrimSpace(h))
	for _, unit := range []string{"(kg)", "(千克)", "(公斤)", "_kg", " kg", "kg"} {
		h = strings.TrimSpace(strings.TrimSuffix(h, unit))
	}
	return strings.TrimRight(h, "_ ")
}

// ParseCSV reads monthly reports from a CSV file (UTF-8, with or without
// a byte-order mark, or GB18030 as spreadsheets in China save it) whose
// first row names the columns in English or Chinese. Every data row is
// either returned or reported with its line and column; the figures'
// arithmetic is Check's.
func ParseCSV(name string, r io.Reader) ([]*core.MonthlyReport, []Problem, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(raw) > MaxFile {
		return nil, nil, core.FieldErrorf("file", "%s is larger than %d MiB", name, MaxFile>>20)
	}
	if !utf8.Valid(raw) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, nil, core.FieldErrorf("file", "%s is neither UTF-8 nor GB18030", name)
		}
		raw = dec
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, core.FieldErrorf("file", "%s is empty", name)
	}
	if err != nil {
		return nil, nil, core.FieldErrorf("file", "%s: line 1: %v", name, err)
	}
	at := map[string]int{}
	for i, h := range header {
		c, ok := columnOf(h)
		if !ok {
			return nil, nil, core.FieldErrorf("file", "%s: line 1: column %d %q is not one of %s", name, i+1, h, columnNames())
		}
		if _, dup := at[c]; dup {
			return nil, nil, core.FieldErrorf("file", "%s: line 1: column %q is given twice", name, c)
		}
		at[c] = i
	}
	for _, c := range columns {
		if _, ok := at[c.name]; !ok {
			return nil, nil, core.FieldErrorf("file", "%s: line 1: no column %s", name, c.name)
		}
	}
	var out []*core.MonthlyReport
	var problems []Problem
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, Problem{Line: pe.Line, Message: pe.Err.Error()})
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					continue
				}
			}
			problems = append(problems, Problem{Line: line + 1, Message: err.Error()})
			break
		}
		line, _ = cr.FieldPos(0)
		if len(out)+len(problems) >= maxRows {
			problems = append(problems, Problem{Line: line, Message: fmt.Sprintf("more than %d rows: split the file", maxRows)})
			break
		}
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			problems = append(problems, Problem{Line: line, Message: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))})
			continue
		}
		m, ps := row(rec, at, line)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		m.Source = fmt.Sprintf("%s line %d", name, line)
		out = append(out, m)
	}
	return out, problems, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func columnNames() string {
	var names []string
	for _, c := range columns {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// row reads one data row; every field that cannot be read is a problem.
func row(rec []string, at map[string]int, line int) (*core.MonthlyReport, []Problem) {
	m := &core.MonthlyReport{}
	var ps []Problem
	get := func(c string) string { return strings.TrimSpace(rec[at[c]]) }
	month, err := ParseMonth(get("month"))
	if err != nil {
		ps = append(ps, Problem{Line: line, Column: "month", Value: get("month"), Message: err.Error()})
	}
	m.Month = month
	m.Material = get("material")
	if m.Material == "" {
		ps = append(ps, Problem{Line: line, Column: "material", Message: "no material"})
	}
	for _, f := range []struct {
		col string
		to  *core.Decimal
	}{{"opening_kg", &m.Opening}, {"received_kg", &m.Received}, {"produced_kg", &m.Produced}, {"consumed_kg", &m.Consumed},
		{"shipped_kg", &m.Shipped}, {"exported_kg", &m.Exported}, {"closing_kg", &m.Closing}} {
		v := get(f.col)
		if v == "" {
			continue // nothing that month
		}
		d, err := core.ParseDecimal(strings.ReplaceAll(v, "，", ","))
		if err != nil {
			ps = append(ps, Problem{Line: line, Column: f.col, Value: v, Message: "not a number of kilograms"})
			continue
		}
		*f.to = d
	}
	return m, ps
}

// ParseMonth reads 2026-10, 2026/10, 202610 or 2026年10月.
func ParseMonth(s string) (string, error) {
	t := textnorm.Fold(strings.TrimSpace(s))
	t = strings.NewReplacer("年", "-", "月", "", "/", "-", ".", "-").Replace(t)
	if len(t) == 6 && !strings.Contains(t, "-") {
		t = t[:4] + "-" + t[4:]
	}
	y, mo, ok := strings.Cut(t, "-")
	if !ok || len(y) != 4 || len(mo) < 1 || len(mo) > 2 {
		return "", fmt.Errorf("a month is YYYY-MM, not %q", s)
	}
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(mo)
	if err1 != nil || err2 != nil || mi < 1 || mi > 12 || yi < 2000 || yi > 2100 {
		return "", fmt.Errorf("a month is YYYY-MM, not %q", s)
	}
	return fmt.Sprintf("%04d-%02d", yi, mi), nil
}
