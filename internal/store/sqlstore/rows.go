package sqlstore

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// rowHash is a digest of an aggregate's content. Upserts store it and skip
// the write when it is unchanged, which is how re-imports stay no-ops.
func rowHash(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("row hash: %v", err)) // only for our own plain structs
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// joinList stores a list as "|a|b|" so that a LIKE '%|a|%' filter matches
// whole elements on every database.
func joinList[T ~string](xs []T) string {
	if len(xs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('|')
	for _, x := range xs {
		b.WriteString(string(x))
		b.WriteByte('|')
	}
	return b.String()
}

func splitList[T ~string](s string) []T {
	s = strings.Trim(s, "|")
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "|")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

func encodeExtra(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m) // map[string]string always marshals
	return string(b)
}

func decodeExtra(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("decode extra attributes: %w", err)
	}
	return m, nil
}

// tsArg is a timestamp as each database stores it: TIMESTAMPTZ on
// PostgreSQL, RFC 3339 text (which sorts correctly) on SQLite.
func (db *DB) tsArg(t time.Time) any {
	t = t.UTC()
	if db.dialect.Name == "sqlite" {
		return t.Format("2006-01-02T15:04:05.000000Z")
	}
	return t
}

// scanTime reads a timestamp column from either database.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a timestamp", src)
	}
	return nil
}

func (s scanTime) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("parse timestamp %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

var _ sql.Scanner = scanTime{}

// where accumulates filter clauses with "?" placeholders.
// hsIn matches column against reference codes: a 10-digit code itself, an
// 8-digit tariff line every code under it.
func hsIn(column string, codes []string) (string, []any) {
	var whole, lines []any
	for _, c := range codes {
		if len(c) == 8 {
			lines = append(lines, c)
		} else {
			whole = append(whole, c)
		}
	}
	marks := func(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
	var parts []string
	if len(whole) > 0 {
		parts = append(parts, column+" IN ("+marks(len(whole))+")")
	}
	if len(lines) > 0 {
		parts = append(parts, "substr("+column+", 1, 8) IN ("+marks(len(lines))+")")
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", append(whole, lines...)
}

type where struct {
	clauses []string
	args    []any
}

func (w *where) add(clause string, args ...any) {
	w.clauses = append(w.clauses, clause)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.clauses) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.clauses, " AND ")
}

// page turns offset/limit into SQL, with a default and a ceiling so that no
// caller pulls a whole table by accident.
func page(offset, limit int) string {
	if limit <= 0 {
		limit = 100
	}
	if limit > 10000 {
		limit = 10000
	}
	if offset < 0 {
		offset = 0
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// likeEscape escapes LIKE wildcards in user input; queries use ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
