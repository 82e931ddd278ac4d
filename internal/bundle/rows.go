package bundle

import (
	"encoding/json"
	"fmt"

	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// DeclarationRows converts rows given as cells under a header — the
// columns of declarations.csv, in English, 简体 or 繁體 — into declaration
// items exactly as a bundle's rows are converted: the same units, dates,
// country names and enum words, the same checks. It is how one
// declaration sent to the API becomes items. A rejected row's Line is its
// index from 1; every row is either an item or a rejection.
func DeclarationRows(source string, header []string, rows [][]string) ([]*core.DeclarationItem, []Rejected, error) {
	b, err := TableRows("declarations", source, header, rows)
	if err != nil {
		return nil, nil, err
	}
	return b.Declarations, b.Rejected, nil
}

// LicenceRows is DeclarationRows for licences.csv: how a licence issued
// through the API is read.
func LicenceRows(source string, header []string, rows [][]string) ([]*core.Licence, []Rejected, error) {
	b, err := TableRows("licences", source, header, rows)
	if err != nil {
		return nil, nil, err
	}
	return b.Licences, b.Rejected, nil
}

// TableRows converts rows of the named table into a bundle holding them
// and their rejections.
func TableRows(table, source string, header []string, rows [][]string) (*Bundle, error) {
	t, ok := TableByName(table)
	if !ok {
		return nil, fmt.Errorf("no table %q", table)
	}
	g, err := geo.Default()
	if err != nil {
		return nil, err
	}
	tr, _ := newTableReader(t, source, header, g)
	w := tr.worker()
	// A call reads a few rows (one declaration's items): blocks of 1,024
	// were half a megabyte to zero and scan per lodging.
	w.cache.items.size = min(len(rows)+1, 1024)
	w.cache.lists.size = min(4*len(rows)+4, 1024)
	b := &Bundle{}
	st := &FileStats{File: source}
	seen := newKeySet(len(rows))
	for i, rec := range rows {
		// The worker reuses its cells: each row is converted and taken
		// before the next.
		b.take(tr, st, w.record(rec, i+1, nil), seen)
	}
	b.Files = append(b.Files, *st)
	return b, nil
}

// JSONCell reads a JSON value sent to the API as a bundle cell: a string,
// or a number written as given.
func JSONCell(v json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("want a string or a number")
}
