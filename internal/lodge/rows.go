package lodge

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/bundle"
)

// ParseRows reads rows of a bundle table sent as JSON — {"<key>": [{…},
// …]}, a bare array or one object, each object with the table's columns (English,
// 简体 or 繁體 names; strings or numbers) — through the bundle's
// converters, at most max rows. Every problem is reported at its JSON
// pointer (/<key>/<row>/<column>) in an *Invalid.
func ParseRows(table, key string, body []byte, max int) (*bundle.Bundle, error) {
	t, ok := bundle.TableByName(table)
	if !ok {
		return nil, fmt.Errorf("no table %q", table)
	}
	bad := func(ps ...Problem) error { return &Invalid{What: key, Problems: ps} }
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var obj map[string]json.RawMessage
		if err2 := json.Unmarshal(body, &obj); err2 != nil {
			return nil, bad(Problem{Pointer: "", Message: fmt.Sprintf(`want {"%s": [rows of %s.csv as objects]}, an array of them or one`, key, table)})
		}
		if rows, wrapped := obj[key]; wrapped {
			if err := json.Unmarshal(rows, &raw); err != nil {
				return nil, bad(Problem{Pointer: "/" + key, Message: "want an array of objects, each a row of " + table + ".csv"})
			}
		} else {
			raw = []map[string]json.RawMessage{obj} // one row
		}
	}
	if len(raw) == 0 || len(raw) > max {
		return nil, bad(Problem{Pointer: "/" + key, Message: fmt.Sprintf("send 1 to %d rows", max)})
	}
	var probs []Problem
	var cols []string
	cells := make([]map[string]string, len(raw))
	for i, obj := range raw {
		cells[i] = map[string]string{}
		if len(obj) == 0 {
			// A blank row is skipped by a table's reader: here it would be
			// neither stored nor reported.
			probs = append(probs, Problem{Pointer: fmt.Sprintf("/%s/%d", key, i), Message: fmt.Sprintf("an empty row: give the columns of %s.csv", table)})
			continue
		}
		for k, v := range obj {
			s, err := bundle.JSONCell(v)
			if err != nil {
				probs = append(probs, Problem{Pointer: fmt.Sprintf("/%s/%d/%s", key, i, k), Message: err.Error()})
				continue
			}
			// Rows may name a column in different languages: one column.
			if c := t.Canonical(k); c != "" {
				k = c
			}
			cells[i][k] = s
			if !slices.Contains(cols, k) {
				cols = append(cols, k)
			}
		}
	}
	if len(probs) > 0 {
		return nil, bad(probs...)
	}
	sort.Strings(cols)
	rows := make([][]string, len(raw))
	for i := range raw {
		rows[i] = make([]string, len(cols))
		for j, c := range cols {
			rows[i][j] = cells[i][c]
		}
	}
	b, err := bundle.TableRows(table, "request", cols, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range b.Rejected {
		for _, r := range append([]bundle.Rejected{r}, r.More...) {
			for _, col := range strings.Split(r.Column, ",") {
				probs = append(probs, Problem{Pointer: "/" + key + "/" + strconv.Itoa(r.Line-1) + "/" + col, Message: r.Reason})
			}
		}
	}
	if len(probs) > 0 {
		return nil, bad(probs...)
	}
	// Every row sent is stored or reported: one the table's reader passed
	// over (a blank one) is neither, and is refused with the rest.
	if len(b.Files) != 1 || b.Files[0].Imported != len(raw) {
		return nil, bad(Problem{Pointer: "/" + key, Message: fmt.Sprintf("%d rows sent, not all of them read as rows of %s.csv", len(raw), table)})
	}
	return b, nil
}
