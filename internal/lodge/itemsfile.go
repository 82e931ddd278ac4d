package lodge

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"orewatch/internal/bundle"
	"orewatch/internal/core"
)

// MaxItemsFile bounds a file of declaration items (a spreadsheet of a
// draft's goods).
const MaxItemsFile = 4 << 20

// maxFileItems bounds the items of one draft: a declaration holds at most
// 50 items, and a file of hundreds is a mistake, not a draft.
const maxFileItems = 500

// itemColumns are the columns of declarations.csv an item carries; the
// header's columns (exporter, destination…) come from the draft's form.
var itemColumns = map[string]bool{"item_no": true, "hs_code": true, "goods_name": true, "goods_spec": true, "quantity": true, "unit": true,
	"net_weight_kg": true, "gross_weight_kg": true, "total_value": true, "currency": true, "remarks": true, "container_nos": true, "origin_country": true}

// FileItem is one item read from a file, keyed by the spec's column names,
// and the line it was on.
type FileItem struct {
	Line   int
	Fields map[string]any
}

// ReadItems reads a draft's items from a CSV file (UTF-8 or GB18030) or
// the first sheet of an XLSX workbook whose first row names the columns
// as declarations.csv does, in English, 简体 or 繁體. A column that is no
// item column is an error naming it; blank rows are skipped.
func ReadItems(name string, r io.Reader) ([]FileItem, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxItemsFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(raw) > MaxItemsFile {
		return nil, core.FieldErrorf("file", "%s is larger than %d MiB", name, MaxItemsFile>>20)
	}
	var rows []fileRow
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		rows, err = xlsxRows(name, raw)
	default:
		rows, err = csvRows(name, raw)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, core.FieldErrorf("file", "%s is empty", name)
	}
	decl, _ := bundle.TableByName("declarations")
	cols := make([]string, len(rows[0].cells))
	for i, h := range rows[0].cells {
		c := decl.Canonical(h)
		if !itemColumns[c] {
			return nil, core.FieldErrorf("file", "%s: line 1: column %d %q is not an item column of declarations.csv (hs_code, goods_name, quantity, unit, net_weight_kg, gross_weight_kg, total_value, currency, remarks…)", name, i+1, h)
		}
		cols[i] = c
	}
	var out []FileItem
	for _, row := range rows[1:] {
		line := row.line
		fields := map[string]any{}
		for i, v := range row.cells {
			if v = strings.TrimSpace(v); v != "" && i < len(cols) {
				fields[cols[i]] = v
			}
		}
		if len(fields) == 0 {
			continue
		}
		if len(row.cells) > len(cols) {
			// A cell too many shifts every value after it (a name with an
			// unquoted comma): the row cannot be read, even when its last
			// cell is empty.
			return nil, core.FieldErrorf("file", "%s: line %d: %d fields, the header has %d (a comma inside a cell must be quoted)", name, line, len(row.cells), len(cols))
		}
		if len(out) == maxFileItems {
			return nil, core.FieldErrorf("file", "%s: more than %d items", name, maxFileItems)
		}
		if _, ok := fields["item_no"]; !ok {
			fields["item_no"] = len(out) + 1
		}
		out = append(out, FileItem{Line: line, Fields: fields})
	}
	if len(out) == 0 {
		return nil, core.FieldErrorf("file", "%s has no items", name)
	}
	return out, nil
}

// fileRow is a row of a file and the line (or sheet row) it is on.
type fileRow struct {
	line  int
	cells []string
}

func csvRows(name string, raw []byte) ([]fileRow, error) {
	if !utf8.Valid(raw) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, core.FieldErrorf("file", "%s is neither UTF-8 nor GB18030", name)
		}
		raw = dec
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	var rows []fileRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, core.FieldErrorf("file", "%s: line %d, column %d: %v", name, pe.Line, pe.Column, pe.Err)
			}
			return nil, core.FieldErrorf("file", "%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, fileRow{line, rec})
		if len(rows) > maxFileItems+1 {
			return nil, core.FieldErrorf("file", "%s: more than %d items", name, maxFileItems)
		}
	}
}

func xlsxRows(name string, raw []byte) ([]fileRow, error) {
	// A workbook is a zip: its parts are bounded as the file is, so that
	// a small upload cannot unpack into a large one.
	x, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: 8 * MaxItemsFile, UnzipXMLSizeLimit: 8 * MaxItemsFile})
	if err != nil {
		return nil, core.FieldErrorf("file", "%s is not a readable XLSX workbook: %v", name, err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, core.FieldErrorf("file", "%s has no sheet", name)
	}
	cells, err := x.GetRows(sheets[0])
	if err != nil {
		return nil, core.FieldErrorf("file", "%s: sheet %s: %v", name, sheets[0], err)
	}
	if len(cells) > maxFileItems+1 {
		return nil, core.FieldErrorf("file", "%s: more than %d items", name, maxFileItems)
	}
	rows := make([]fileRow, len(cells))
	for i, c := range cells {
		rows[i] = fileRow{i + 1, c}
	}
	return rows, nil
}
