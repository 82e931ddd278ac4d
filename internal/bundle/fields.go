package bundle

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/textnorm"
)

// row is one record being converted. The first problem found is kept: the
// row is rejected with that column, value and reason.
type row struct {
	file  string
	line  int
	vals  []string          // known columns by position in the table definition, trimmed
	extra map[string]string // unknown columns, kept
	bad   *Rejected
	geo   *geo.Tables
	cache *readCache
	// odd are the columns whose value is kept as written though it is not
	// in the usual form (a container number that is not ISO 6346's).
	odd []string
}

// readCache is one worker's memory across the rows of one read: the parse
// of each distinct value of the columns whose values repeat (countries,
// dates, codes, words), and the blocks rows are allocated from.
type readCache struct {
	countries  *memo[string]
	dates      *memo[core.Date]
	usccs      *memo[core.USCC]
	hs         *memo[string]
	currencies *memo[string]
	words      []*memo[string] // by column position: each column has its own word list (transport modes, markets…)

	// List cells are allocated in blocks: one small slice per row was a
	// million allocations.
	lists slab[string]
	// Declaration items too: one allocation per row was a million, each
	// zeroed and set up for the collector on its own.
	items slab[core.DeclarationItem]
}

// slab hands out slices from blocks allocated together. A slice kept
// keeps its block.
type slab[T any] struct {
	block []T
	size  int // of a block; 0 means 1024
}

// take returns an empty slice with room for n values; appending more
// moves it out of the block instead of overwriting the next slice.
func (s *slab[T]) take(n int) []T {
	if len(s.block) < n {
		size := s.size
		if size == 0 {
			size = 1024
		}
		s.block = make([]T, max(n, size))
	}
	v := s.block[:0:n]
	s.block = s.block[n:]
	return v
}

// memo keeps each distinct cell value's parse, errors included, so a
// million rows naming the same date or exporter parse it once. Each column
// also keeps the last value it saw: a column that repeats the row above —
// the currency, the transport mode, the items of one declaration — is
// answered without hashing the value.
type memo[T any] struct {
	m    map[string]parsed[T]
	last []parsed[T] // by column position
}

func newMemo[T any]() *memo[T] {
	return &memo[T]{m: map[string]parsed[T]{}, last: make([]parsed[T], maxColumns)}
}

type parsed[T any] struct {
	key string // the value, copied out of the file's text when memoised
	v   T
	err error
}

// cached parses a cell through m, reporting a missing required value or a
// parse error against column c in the row's own words.
func cached[T any](r *row, m *memo[T], c column, what string, required bool, parse func(string) (T, error)) T {
	var zero T
	v := r.vals[c.i]
	if v == "" {
		if required {
			r.fail(c.name, "", "required %s is missing", what)
		}
		return zero
	}
	res := m.last[c.i]
	if res.key != v {
		var ok bool
		if res, ok = m.m[v]; !ok {
			// The key and what is parsed from it are copied out of the
			// file's text: kept where it was first seen, a key to compare
			// was a cache miss somewhere in 141 MiB (the USCC lookup took
			// 60 ns a row), and so was every later use of the value.
			keep := len(m.m) < internLimit
			res.key = v
			if keep {
				res.key = strings.Clone(v)
			}
			res.v, res.err = parse(res.key)
			if keep {
				m.m[res.key] = res
			}
		}
		m.last[c.i] = res
	}
	if res.err != nil {
		r.fail(c.name, v, "%v", res.err)
	}
	return res.v
}

// internLimit caps each memo; values past it are parsed every time.
const internLimit = 1 << 18

func newReadCache() *readCache {
	return &readCache{countries: newMemo[string](), dates: newMemo[core.Date](), usccs: newMemo[core.USCC](), hs: newMemo[string](),
		currencies: newMemo[string](), words: make([]*memo[string], maxColumns)}
}

func (r *row) fail(column, value, format string, args ...any) {
	if r.bad == nil {
		r.bad = &Rejected{File: r.file, Line: r.line, Column: column, Value: value, Reason: fmt.Sprintf(format, args...)}
		return
	}
	if len(r.bad.More) < maxProblemsPerRow && column != r.bad.Column {
		r.bad.More = append(r.bad.More, Rejected{File: r.file, Line: r.line, Column: column, Value: value, Reason: fmt.Sprintf(format, args...)})
	}
}

// unusual notes a value kept as written though not in its usual form: a
// row is not lost, and kept from screening, for a secondary cell a
// carrier or declarant wrote their own way. The file's stats count them.
func (r *row) unusual(column string) {
	if !slices.Contains(r.odd, column) {
		r.odd = append(r.odd, column)
	}
}

// maxProblemsPerRow bounds what a row with every cell wrong keeps.
const maxProblemsPerRow = 16

// column addresses a cell of a table: by its position among the table's
// columns, which converters use (a map lookup by name per cell was a tenth
// of reading a million rows), and by name, for what is reported.
type column struct {
	i    int
	name string
}

// columnOf returns a column of a table definition; the converters' columns
// are declared with it, so a misspelt name fails every test at start-up.
func columnOf(table, name string) column {
	t, ok := TableByName(table)
	if ok {
		for i, c := range t.Columns {
			if c.Name == name {
				return column{i, name}
			}
		}
	}
	panic("bundle: no column " + name + " in table " + table)
}

// maxColumns is the most columns a table has.
var maxColumns = func() int {
	n := 0
	for _, t := range Tables {
		n = max(n, len(t.Columns))
	}
	return n
}()

func (r *row) str(c column) string { return r.vals[c.i] }

func (r *row) required(c column) string {
	v := r.vals[c.i]
	if v == "" {
		r.fail(c.name, "", "required value is missing")
	}
	return v
}

func (r *row) date(c column, required bool) core.Date {
	v := r.vals[c.i]
	last := &r.cache.dates.last[c.i]
	if v == last.key && v != "" && last.err == nil { // the row above's date
		return last.v
	}
	if d, ok := core.ParseISODate(v); ok { // most dates, read faster than found in the memo
		*last = parsed[core.Date]{key: v, v: d}
		return d
	}
	return cached(r, r.cache.dates, c, "date", required, core.ParseDate)
}

func (r *row) decimal(c column, required bool) core.Decimal {
	v := r.vals[c.i]
	if v == "" {
		if required {
			r.fail(c.name, "", "required number is missing")
		}
		return 0
	}
	d, err := core.ParseDecimal(v)
	if err != nil {
		r.fail(c.name, v, "%v", err)
		return 0
	}
	if d < 0 {
		r.fail(c.name, v, "must not be negative")
	}
	return d
}

func (r *row) integer(c column, required bool) int {
	v := r.vals[c.i]
	if v == "" {
		if required {
			r.fail(c.name, "", "required number is missing")
		}
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		n, err = strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	}
	if err != nil || n < 0 {
		r.fail(c.name, v, "want a whole number ≥ 0")
	}
	return n
}

func (r *row) uscc(c column, required bool) core.USCC {
	return cached(r, r.cache.usccs, c, "unified social credit code", required, core.ParseUSCC)
}

func (r *row) country(c column, required bool) string {
	return cached(r, r.cache.countries, c, "country", required, r.geo.NormalizeCountry)
}

func (r *row) hs(c column, required bool) string {
	return cached(r, r.cache.hs, c, "HS code", required, parseHS10)
}

func parseHS10(v string) (string, error) {
	code, prefix, err := catalog.ParseHS(v)
	if err != nil || prefix {
		return "", errors.New("HS code must have 10 digits")
	}
	return code, nil
}

func (r *row) list(c column) []string {
	v := r.vals[c.i]
	if v == "" {
		return nil
	}
	// One value, already trimmed, when there is no separator: "|", or the
	// full-width "｜", whose UTF-8 starts with 0xEF.
	if strings.IndexByte(v, '|') < 0 && strings.IndexByte(v, 0xEF) < 0 {
		return append(r.cache.lists.take(1), v)
	}
	v = strings.ReplaceAll(v, "｜", "|")
	out := r.cache.lists.take(strings.Count(v, "|") + 1)
	for p := range strings.SplitSeq(v, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// oneOf matches a value against canonical words and their Chinese (or
// other) synonyms, folded.
func (r *row) oneOf(c column, required bool, def string, words map[string]string) string {
	if r.vals[c.i] == "" {
		if required && def == "" {
			r.fail(c.name, "", "required value is missing")
		}
		return def
	}
	m := r.cache.words[c.i]
	if m == nil {
		m = newMemo[string]()
		r.cache.words[c.i] = m
	}
	return cached(r, m, c, "value", false, func(v string) (string, error) {
		if w, ok := words[textnorm.Fold(v)]; ok {
			return w, nil
		}
		var allowed []string
		seen := map[string]bool{}
		for _, w := range words {
			if !seen[w] {
				seen[w] = true
				allowed = append(allowed, w)
			}
		}
		return "", fmt.Errorf("unknown value (allowed: %s)", strings.Join(sortStrings(allowed), ", "))
	})
}

func (r *row) boolean(c column) bool {
	return r.oneOf(c, false, "false", boolWords) == "true"
}

func (r *row) currency(c column) string {
	return cached(r, r.cache.currencies, c, "currency", true, parseCurrency)
}

func parseCurrency(v string) (string, error) {
	if code, ok := currencyNames[textnorm.Fold(v)]; ok {
		return code, nil
	}
	up := strings.ToUpper(v)
	if len(up) == 3 && strings.Trim(up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return up, nil
	}
	return "", errors.New("currency must be an ISO 4217 code (USD, CNY, EUR) or its Chinese name (美元)")
}

func sortStrings(xs []string) []string {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
	return xs
}

func synonyms(m map[string][]string) map[string]string {
	out := map[string]string{}
	for canon, syns := range m {
		out[textnorm.Fold(canon)] = canon
		for _, s := range syns {
			out[textnorm.Fold(s)] = canon
		}
	}
	return out
}

var (
	boolWords = synonyms(map[string][]string{"true": {"yes", "y", "1", "是", "有", "t"}, "false": {"no", "n", "0", "否", "无", "f"}})

	segmentWords = synonyms(map[string][]string{
		"mining": {"开采", "采矿", "矿山"}, "smelting": {"冶炼", "冶炼分离"}, "processing": {"加工", "深加工"},
		"transport": {"运输", "物流"}, "manufacturing": {"制造", "生产"}, "trading": {"贸易", "销售", "经销"},
		"export": {"出口"},
	})
	ledgerStatusWords  = synonyms(map[string][]string{"active": {"正常", "在册", "有效"}, "suspended": {"暂停", "停业"}, "closed": {"注销", "关闭", "吊销"}})
	licenceStatusWords = synonyms(map[string][]string{"valid": {"有效", "正常"}, "suspended": {"暂停", "中止"}, "revoked": {"撤销", "吊销", "作废"}})
	usesWords          = synonyms(map[string][]string{"single": {"一批一证", "单次"}, "multiple": {"非一批一证", "多次"}})
	marketWords        = synonyms(map[string][]string{"CN": {"domestic", "国内", "中国"}, "INTL": {"overseas", "international", "国际", "海外", "rotterdam", "鹿特丹"}})
	partyKindWords     = synonyms(map[string][]string{
		"manufacturer": {"制造商", "生产商"}, "trader": {"贸易商"}, "forwarder": {"货代", "货运代理"}, "research": {"科研", "研究机构"},
		"military": {"军方", "军事", "军工"}, "unknown": {"未知"},
	})
	relationWords = synonyms(map[string][]string{
		"owns": {"持股", "拥有"}, "controls": {"控制"}, "director": {"董事", "高管"}, "same_address": {"同地址"},
		"same_phone": {"同电话"}, "agent_of": {"代理"}, "subsidiary_of": {"子公司"},
	})
	transportWords = synonyms(map[string][]string{
		"2": {"水路运输", "海运", "waterway", "sea"}, "3": {"铁路运输", "铁路", "rail"}, "4": {"公路运输", "公路", "road"},
		"5": {"航空运输", "空运", "air"}, "6": {"邮件运输", "邮递", "快递", "postal", "express"}, "9": {"其他运输", "其他", "other"},
		"0": {"非保税区"}, "1": {"监管仓库"}, "7": {"保税区"}, "8": {"保税仓库"}, "W": {}, "X": {}, "Y": {}, "Z": {}, "H": {}, "G": {}, "L": {},
	})
	currencyNames = map[string]string{
		"美元": "USD", "人民币": "CNY", "欧元": "EUR", "日元": "JPY", "港币": "HKD", "港元": "HKD", "英镑": "GBP",
		"韩元": "KRW", "泰铢": "THB", "新加坡元": "SGD", "马来西亚林吉特": "MYR", "越南盾": "VND", "澳大利亚元": "AUD",
		"澳元": "AUD", "加拿大元": "CAD", "卢布": "RUB", "墨西哥比索": "MXN", "印度卢比": "INR", "瑞士法郎": "CHF",
		"rmb": "CNY",
	}
)
