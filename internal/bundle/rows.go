package bundle

import (
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
	t, ok := TableByName("declarations")
	if !ok {
		return nil, nil, fmt.Errorf("no declarations table")
	}
	g, err := geo.Default()
	if err != nil {
		return nil, nil, err
	}
	tr, _ := newTableReader(t, source, header, g)
	w := tr.worker()
	b := &Bundle{}
	st := &FileStats{File: source}
	seen := newKeySet(len(rows))
	for i, rec := range rows {
		// The worker reuses its cells: each row is converted and taken
		// before the next.
		b.take(tr, st, w.record(rec, i+1, nil), seen)
	}
	return b.Declarations, b.Rejected, nil
}
