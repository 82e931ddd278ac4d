package bundle

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// Format is the only bundle format this version reads and writes.
const Format = "orewatch-bundle/1"

// Meta is bundle.json.
type Meta struct {
	Format  string    `json:"format"`
	Created string    `json:"created,omitempty"`
	Title   string    `json:"title,omitempty"`
	AsOf    core.Date `json:"as_of,omitempty"`
	// Encoding is the CSV files' encoding, and Encodings a file's own
	// (by file name); a file without either is read in the encoding it
	// reads best in.
	Encoding  string            `json:"encoding,omitempty"`
	Encodings map[string]string `json:"encodings,omitempty"`
}

// encodingOf is the encoding bundle.json declares for a file, or "".
func (m *Meta) encodingOf(file string) string {
	if e, ok := m.Encodings[file]; ok {
		return e
	}
	return m.Encoding
}

// checkEncodings refuses a declared encoding this reader does not know,
// and writes the known ones in their canonical names.
func (m *Meta) checkEncodings() error {
	if m.Encoding != "" {
		e, ok := encodingName(m.Encoding)
		if !ok {
			return core.FieldErrorf("encoding", "%q: a bundle's CSV files are utf-8 or gb18030", m.Encoding)
		}
		m.Encoding = e
	}
	for f, v := range m.Encodings {
		e, ok := encodingName(v)
		if !ok {
			return core.FieldErrorf("encodings."+f, "%q: a bundle's CSV files are utf-8 or gb18030", v)
		}
		m.Encodings[f] = e
	}
	return nil
}

// Rejected is a row that could not be imported, and why.
type Rejected struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	// More are the row's other problems, after the first: a caller that
	// answers one request (the API) reports them all; the bundle's
	// results keep the first (rejected.jsonl has the spec's five keys).
	More []Rejected `json:"-"`
}

// FileStats counts one file's rows: Read = Imported + Rejected, always.
type FileStats struct {
	File         string   `json:"file"`
	Encoding     string   `json:"encoding,omitempty"`
	Read         int      `json:"read"`
	Imported     int      `json:"imported"`
	Rejected     int      `json:"rejected"`
	ExtraColumns []string `json:"extra_columns,omitempty"`
	// Unusual counts, by column, the values kept as written though not
	// in their usual form (container numbers not of ISO 6346's shape).
	Unusual map[string]int `json:"unusual,omitempty"`
}

// Document is one EPCIS document of the bundle's epcis/ folder.
type Document struct {
	Name string
	Data []byte
}

// Bundle is everything read from a bundle.
type Bundle struct {
	Meta         Meta
	Materials    []*catalog.Material
	Enterprises  []*core.Enterprise
	Parties      []*core.Party
	Links        []*core.PartyLink
	Lists        []*core.ListEntry
	Licences     []*core.Licence
	Declarations []*core.DeclarationItem
	Manifests    []*core.Manifest
	Prices       []*core.Price
	EPCIS        []Document

	Files    []FileStats
	Rejected []Rejected
	ReadTime time.Duration
}

// Stats returns the counts of one file.
func (b *Bundle) Stats(file string) (FileStats, bool) {
	for _, f := range b.Files {
		if f.File == file {
			return f, true
		}
	}
	return FileStats{}, false
}

// source yields the bundle's files, wherever they come from.
type source interface {
	// table returns a table's rows, or ok=false when the bundle has no
	// such table.
	table(name string) (t tableData, ok bool, err error)
	meta() ([]byte, error)
	// epcisEach reads the epcis/ folder's documents in name order, one at
	// a time.
	epcisEach(fn func(Document) error) error
	// declare gives the encodings bundle.json declares, by file.
	declare(func(file string) string)
}

// tableData is a table as stored: a CSV file, or a workbook sheet's rows
// (header first).
type tableData struct {
	file  string
	csv   *csvFile
	sheet [][]string
}

// rowsHint guesses how many rows follow byte off, from the lines at its
// start: the duplicate check's map, sized once, is not rebuilt eight times
// on its way to a million keys.
func (t tableData) rowsHint(off int) int {
	if t.csv == nil {
		return len(t.sheet)
	}
	rest := t.csv.data[off:]
	sample := rest[:min(len(rest), 64<<10)]
	n := bytes.Count(sample, []byte{'\n'})
	if n == 0 {
		return 0
	}
	return int(int64(len(rest)) * int64(n) / int64(len(sample)))
}

func (t tableData) encoding() string {
	if t.csv != nil {
		return t.csv.enc
	}
	return "xlsx"
}

// Read reads a bundle from a folder, a .zip of one, or a bundle.xlsx, within
// DefaultLimits. It fails only when the bundle as a whole cannot be read (no
// bundle.json, a wrong format, an unreadable file, a limit exceeded); bad
// rows are reported in Rejected.
func Read(p string) (*Bundle, error) {
	return ReadLimited(p, DefaultLimits())
}

// ReadLimited is Read within the given limits.
func ReadLimited(p string, lim Limits) (*Bundle, error) {
	start := time.Now()
	src, closeFn, err := open(p, lim)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	b, err := readSource(src, p)
	if err != nil {
		return nil, err
	}
	b.ReadTime = time.Since(start)
	return b, nil
}

func readSource(src source, p string) (*Bundle, error) {
	b := &Bundle{}
	err := stream(src, p, b, func(part *Bundle) error {
		*b = *part // one part: the whole bundle
		return nil
	}, false)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// readMeta reads and checks bundle.json. What is wrong with it is the
// bundle's fault (EINVALID), unless reading it hit a limit or failed.
func readMeta(src source, p string) (Meta, error) {
	var m Meta
	raw, err := src.meta()
	if errors.Is(err, fs.ErrNotExist) {
		return m, core.Errorf(core.EINVALID, "%s: no bundle.json: a bundle is a folder or zip with bundle.json beside its tables (docs/bundle.md)", p)
	}
	if err != nil {
		return m, fmt.Errorf("%s: bundle.json: %w", p, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&m); err != nil {
		return m, core.Errorf(core.EINVALID, "%s: bundle.json: %v", p, err)
	}
	if m.Format != Format {
		return m, core.Errorf(core.EINVALID, "%s: bundle.json: format %q, this OreWatch reads %q", p, m.Format, Format)
	}
	if err := m.checkEncodings(); err != nil {
		return m, core.Errorf(core.EINVALID, "%s: bundle.json: %v", p, err)
	}
	return m, nil
}

// epcisBatch is how many EPCIS documents a streamed part holds: enough to
// capture two at a time, few enough not to hold them all.
const epcisBatch = 16

// stream reads the bundle's tables and documents, calling fn with what it
// has read: with parts, one table at a time and then the documents in
// batches, each part a Bundle of its own that fn may keep or drop; without,
// everything in one part.
func stream(src source, p string, whole *Bundle, fn func(part *Bundle) error, parts bool) error {
	meta, err := readMeta(src, p)
	if err != nil {
		return err
	}
	src.declare(meta.encodingOf)
	g, err := geo.Default()
	if err != nil {
		return err
	}
	part := whole
	part.Meta = meta
	for _, t := range Tables {
		if parts {
			part = &Bundle{Meta: meta}
		}
		if err := part.readTable(src, t, g); err != nil {
			return err
		}
		if parts {
			if err := fn(part); err != nil {
				return err
			}
		}
	}
	if parts {
		part = &Bundle{Meta: meta}
	}
	err = src.epcisEach(func(d Document) error {
		part.EPCIS = append(part.EPCIS, d)
		if parts && len(part.EPCIS) == epcisBatch {
			if err := fn(part); err != nil {
				return err
			}
			part = &Bundle{Meta: meta}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: epcis/: %w", p, err)
	}
	return fn(part)
}

// Stream reads a bundle within lim part by part — one table at a time,
// then its EPCIS documents in batches — and calls fn with each part, a
// Bundle holding that part's rows, file counts and rejections with the
// bundle's Meta. An import that writes each part and lets it go holds one
// table at a time instead of the whole bundle. fn's error stops the read.
func Stream(p string, lim Limits, fn func(part *Bundle) error) error {
	src, closeFn, err := open(p, lim)
	if err != nil {
		return err
	}
	defer closeFn()
	return stream(src, p, &Bundle{}, fn, true)
}

func (b *Bundle) readTable(src source, t Table, g *geo.Tables) error {
	td, ok, err := src.table(t.Name)
	if err != nil {
		return err
	}
	if !ok {
		return nil
	}
	file := td.file
	st := FileStats{File: file, Encoding: td.encoding()}
	var header []string
	off, lines := 0, 0
	if td.csv != nil {
		header, off, lines, err = td.csv.header()
	} else if len(td.sheet) > 0 {
		header = td.sheet[0]
	} else {
		err = io.EOF
	}
	if errors.Is(err, io.EOF) {
		b.Files = append(b.Files, st)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: header: %w", file, err)
	}
	if td.csv != nil && td.csv.bad != nil {
		for i, h := range header { // a broken header cell is named by what can be read of it
			header[i] = strings.ToValidUTF8(h, "\uFFFD")
		}
	}
	var tr *tableReader
	tr, st.ExtraColumns = newTableReader(t, file, header, g)
	if td.csv != nil {
		tr.bad, tr.enc = td.csv.bad, td.csv.enc
	}
	hint := td.rowsHint(off)
	seen := newKeySet(hint)
	if t.Name == "declarations" { // the one table of a million rows: grown as it filled, it left 40 MB of outgrown copies
		b.Declarations = slices.Grow(b.Declarations, hint+hint/16)
	}
	if td.csv != nil {
		err = b.readCSV(td.csv, off, lines, tr, &st, seen)
	} else {
		w := tr.worker()
		for i, rec := range td.sheet[1:] {
			b.take(tr, &st, w.record(rec, i+2, nil), seen)
		}
	}
	if err != nil {
		return err
	}
	b.Files = append(b.Files, st)
	return nil
}

// newTableReader reads a table's header: where each cell goes, which
// required columns it lacks, and the columns the table does not define.
func newTableReader(t Table, file string, header []string, g *geo.Tables) (tr *tableReader, extraColumns []string) {
	names, known := t.resolveHeader(header)
	present := map[string]bool{}
	for i, n := range names {
		if known[i] {
			present[n] = true
		} else if n != "" {
			extraColumns = append(extraColumns, n)
		}
	}
	var missing []string
	for _, c := range t.Columns {
		if c.Required && !present[c.Name] {
			missing = append(missing, c.Name)
		}
	}
	// Each header cell's position among the table's columns (-1: extra).
	colIdx := make(map[string]int, len(t.Columns))
	for i, c := range t.Columns {
		colIdx[c.Name] = i
	}
	tr = &tableReader{table: t.Name, file: file, names: names, missing: missing, columns: len(t.Columns), geo: g,
		pos: make([]int, len(names))}
	for i, n := range names {
		tr.pos[i] = -1
		if known[i] {
			tr.pos[i] = colIdx[n]
		}
	}
	return tr, extraColumns
}

// readWorkers is how many goroutines parse and convert a CSV table's rows.
var readWorkers = runtime.GOMAXPROCS(0)

// pieceConverted is called as each piece's conversion ends; tests delay
// pieces with it to finish them out of order.
var pieceConverted = func(seq int) {}

// tableReader holds what a table's header decided: where each cell goes
// and what the header lacks.
type tableReader struct {
	table, file string
	names       []string
	missing     []string
	columns     int   // in the table's definition
	pos         []int // of each header cell among them (-1: an extra column)
	geo         *geo.Tables
	// bad are the file's lines with bytes invalid in its encoding enc:
	// their rows are rejected before anything of them is read.
	bad map[int]badLine
	enc string
}

// badBytes rejects a record that spans a line with bytes invalid in the
// file's encoding, naming the cell they are in: invalid UTF-8 never
// reaches a store (PostgreSQL refuses it mid-import, SQLite keeps it).
func (w *rowWorker) badBytes(rec []string, line int) *Rejected {
	last := line
	for _, f := range rec {
		last += strings.Count(f, "\n")
	}
	for l := line; l <= last; l++ {
		b, ok := w.bad[l]
		if !ok {
			continue
		}
		r := &Rejected{File: w.file, Line: line, Reason: b.reason(w.enc)}
		for i, f := range rec {
			if !utf8.ValidString(f) || strings.Contains(f, "\uFFFD") {
				if i < len(w.names) {
					r.Column = w.names[i]
				}
				r.Value = strings.ToValidUTF8(f, "\uFFFD")
				break
			}
		}
		return r
	}
	return nil
}

// rowWorker converts rows with its own caches and cells, so several can
// run at once.
type rowWorker struct {
	*tableReader
	cache  *readCache
	vals   []string
	fields []string // a line's, when recordLine leaves it to record
}

func (tr *tableReader) worker() *rowWorker {
	return &rowWorker{tableReader: tr, cache: newReadCache(), vals: make([]string, tr.columns)}
}

// converted is one record's outcome, before the checks that need every
// earlier row (duplicates) and before it is kept or rejected.
type converted struct {
	blank bool
	fatal error // the file cannot be read further
	line  int
	value any
	keep  func(*Bundle, any)
	key   rowKey
	bad   *Rejected
	odd   []string // row.odd
}

// rowKey identifies a row among its table's rows. A declaration item's
// number is kept apart from its declaration's: a million keys built as
// strings were a million allocations.
type rowKey struct {
	s string
	n int
}

func (k rowKey) String() string {
	if k.n == 0 {
		return k.s
	}
	return k.s + "/" + strconv.Itoa(k.n)
}

func (k rowKey) compare(o rowKey) int {
	if c := strings.Compare(k.s, o.s); c != 0 {
		return c
	}
	return cmp.Compare(k.n, o.n)
}

// keySet holds the keys taken so far, each with its line. Tables are
// usually written in key order: keys that come in order go to a sorted run,
// found again by binary search, and only the others to a map — a map of a
// million keys cost a cache miss per row.
type keySet struct {
	run   []rowKey
	lines []int
	other map[rowKey]int
}

func newKeySet(hint int) *keySet {
	return &keySet{run: make([]rowKey, 0, hint), lines: make([]int, 0, hint), other: map[rowKey]int{}}
}

// add records k at line, or returns the line k was first seen at.
func (s *keySet) add(k rowKey, line int) (first int, dup bool) {
	if n := len(s.run); n == 0 || s.run[n-1].compare(k) < 0 {
		s.run = append(s.run, k)
		s.lines = append(s.lines, line)
		return 0, false
	}
	if i, ok := slices.BinarySearchFunc(s.run, k, rowKey.compare); ok {
		return s.lines[i], true
	}
	if first, ok := s.other[k]; ok {
		return first, true
	}
	s.other[k] = line
	return 0, false
}

func (w *rowWorker) record(rec []string, line int, err error) converted {
	if err != nil {
		if line == 0 {
			return converted{fatal: fmt.Errorf("%s: %w", w.file, err)}
		}
		return converted{line: line, bad: &Rejected{File: w.file, Line: line, Reason: err.Error()}}
	}
	if w.bad != nil {
		if r := w.badBytes(rec, line); r != nil {
			return converted{line: line, bad: r}
		}
	}
	if blank(rec) {
		return converted{blank: true} // an empty line is not a row
	}
	if len(w.missing) > 0 {
		return converted{line: line, bad: &Rejected{File: w.file, Line: line, Column: strings.Join(w.missing, ","),
			Reason: "the header lacks required column(s): " + strings.Join(w.missing, ", ")}}
	}
	// w.vals is reused: every column in the header is written below, for
	// every row, and the others stay empty.
	r := &row{file: w.file, line: line, vals: w.vals, geo: w.geo, cache: w.cache}
	if len(rec) > len(w.names) {
		r.fail("", strings.Join(rec[len(w.names):], ","), "row has %d cells, the header %d", len(rec), len(w.names))
	}
	for i, n := range w.names {
		v := ""
		if i < len(rec) {
			if v = rec[i]; !trimmed(v) {
				v = strings.TrimSpace(v)
			}
		}
		if w.pos[i] >= 0 {
			r.vals[w.pos[i]] = v
		} else if n != "" && v != "" {
			if r.extra == nil {
				r.extra = map[string]string{}
			}
			r.extra[n] = v
		}
	}
	key, v, keep := convertRow(w.table, r)
	return converted{line: line, value: v, keep: keep, key: key, bad: r.bad, odd: r.odd}
}

// recordLine is record for a line without quotes, whose fields are what
// lies between its commas: they go to the row's cells as they are found,
// without a slice of fields in between (splitting and then placing the
// fields was a sixth of reading a million rows). A line with more fields
// than the header, or a table whose header lacks columns, goes the way of
// record.
func (w *rowWorker) recordLine(l string, line int) converted {
	if _, bad := w.bad[line]; bad {
		w.fields = splitCommas(l, w.fields[:0])
		return w.record(w.fields, line, nil)
	}
	extra, blank, ok := w.place(l)
	if !ok || len(w.missing) > 0 {
		w.fields = splitCommas(l, w.fields[:0])
		return w.record(w.fields, line, nil)
	}
	if blank {
		return converted{blank: true} // an empty line is not a row
	}
	r := &row{file: w.file, line: line, vals: w.vals, extra: extra, geo: w.geo, cache: w.cache}
	key, v, keep := convertRow(w.table, r)
	return converted{line: line, value: v, keep: keep, key: key, bad: r.bad, odd: r.odd}
}

// place splits a line at its commas, eight bytes at a time as splitCommas
// does, and puts each field, trimmed, where record would: in the row's
// cells or among its extra columns. It reports whether every field was
// blank, and fails on a line with more fields than the header.
func (w *rowWorker) place(l string) (extra map[string]string, blank, ok bool) {
	blank = true
	k := 0 // the field's position in the header
	put := func(v string) bool {
		if k == len(w.names) {
			return false
		}
		if !trimmed(v) {
			v = strings.TrimSpace(v)
		}
		if v != "" {
			blank = false
		}
		if p := w.pos[k]; p >= 0 {
			w.vals[p] = v
		} else if w.names[k] != "" && v != "" {
			if extra == nil {
				extra = map[string]string{}
			}
			extra[w.names[k]] = v
		}
		k++
		return true
	}
	start, i := 0, 0
	for ; i+8 <= len(l); i += 8 {
		for m := commaMask(l, i); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			if !put(l[start:j]) {
				return nil, false, false
			}
			start = j + 1
		}
	}
	for ; i < len(l); i++ {
		if l[i] == ',' {
			if !put(l[start:i]) {
				return nil, false, false
			}
			start = i + 1
		}
	}
	if !put(l[start:]) {
		return nil, false, false
	}
	for ; k < len(w.names); k++ { // a short line: the cells it lacks are empty
		if p := w.pos[k]; p >= 0 {
			w.vals[p] = ""
		}
	}
	return extra, blank, true
}

// take counts a converted record, checks it against the rows before it for
// a duplicate key, and keeps or rejects it.
func (b *Bundle) take(tr *tableReader, st *FileStats, c converted, seen *keySet) {
	if c.blank {
		return
	}
	st.Read++
	if c.bad == nil && c.key != (rowKey{}) {
		if first, dup := seen.add(c.key, c.line); dup {
			r := &row{file: tr.file, line: c.line}
			r.fail(keyColumn(tr.table), c.key.String(), "duplicate of line %d", first)
			c.bad = r.bad
		}
	}
	if c.bad != nil {
		b.reject(st, *c.bad)
		return
	}
	c.keep(b, c.value)
	st.Imported++
	for _, col := range c.odd {
		if st.Unusual == nil {
			st.Unusual = map[string]int{}
		}
		st.Unusual[col]++
	}
}

// readCSV parses and converts a CSV table's rows (from byte off, after
// lines lines) in pieces on readWorkers goroutines and takes the results
// in file order: the outcome is the sequential read's, row for row. A
// piece with a malformed record may not end where a record does, so the
// read goes on from its start on one goroutine, as a plain parser would.
func (b *Bundle) readCSV(f *csvFile, off, lines int, tr *tableReader, st *FileStats, seen *keySet) error {
	if readWorkers < 2 || len(f.data)-off <= pieceSize {
		return b.readPiece(f, piece{start: off, end: len(f.data), line: lines}, tr, st, seen)
	}
	type result struct {
		piece
		out       []converted
		malformed bool
	}
	pieces := make(chan piece, readWorkers)
	results := make(chan *result, readWorkers)
	stop := make(chan struct{})
	go func() {
		defer close(pieces)
		cut(f.data, off, lines, pieceSize, func(p piece) bool {
			select {
			case pieces <- p:
				return true
			case <-stop:
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range readWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := tr.worker()
			for p := range pieces {
				res := &result{piece: p, out: convertedPool.get(p.lines + 1)}
				res.malformed = p.parse(f, func(rec []string, line int, err error) {
					res.out = append(res.out, w.record(rec, line, err))
				}, func(l string, line int) {
					res.out = append(res.out, w.recordLine(l, line))
				})
				pieceConverted(p.seq)
				select {
				case results <- res:
				case <-stop:
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]*result{}
	next, stopped := 0, false
	var from *piece // where the sequential read takes over
	var fatal error
	for res := range results {
		if stopped {
			continue // draining
		}
		pending[res.seq] = res
		for r := pending[next]; r != nil && !stopped; r = pending[next] {
			delete(pending, next)
			next++
			if r.malformed {
				from, stopped = &r.piece, true
				break
			}
			for _, c := range r.out {
				if c.fatal != nil {
					fatal, stopped = c.fatal, true
					break
				}
				b.take(tr, st, c, seen)
			}
			convertedPool.put(r.out)
		}
		if stopped {
			close(stop)
		}
	}
	if fatal != nil {
		return fatal
	}
	if from != nil {
		return b.readPiece(f, piece{start: from.start, end: len(f.data), line: from.line}, tr, st, seen)
	}
	return nil
}

// convertedPool recycles the pieces' result slices: taken rows are kept
// elsewhere, and fresh memory for every piece was 90 MB at a million rows.
var convertedPool slicePool[converted]

type slicePool[T any] struct{ p sync.Pool }

func (sp *slicePool[T]) get(n int) []T {
	if v, ok := sp.p.Get().(*[]T); ok && cap(*v) >= n {
		return (*v)[:0]
	}
	return make([]T, 0, n)
}

func (sp *slicePool[T]) put(s []T) {
	clear(s) // let go of what the rows pointed to
	s = s[:0]
	sp.p.Put(&s)
}

// readPiece parses and converts a piece on the calling goroutine.
func (b *Bundle) readPiece(f *csvFile, p piece, tr *tableReader, st *FileStats, seen *keySet) error {
	w := tr.worker()
	var fatal error
	p.parse(f, func(rec []string, line int, err error) {
		if fatal != nil {
			return
		}
		c := w.record(rec, line, err)
		if c.fatal != nil {
			fatal = c.fatal
			return
		}
		b.take(tr, st, c, seen)
	}, func(l string, line int) {
		if fatal == nil {
			b.take(tr, st, w.recordLine(l, line), seen)
		}
	})
	return fatal
}

func (b *Bundle) reject(st *FileStats, r Rejected) {
	st.Rejected++
	b.Rejected = append(b.Rejected, r)
}

// trimmed reports whether strings.TrimSpace would leave a cell as it is,
// from its first and last byte, as it does for almost every cell: the
// calls were a twentieth of reading a million rows. It is small enough to
// be inlined into the loop over a row's cells.
func trimmed(v string) bool {
	return len(v) > 0 && noSpaceStarts[v[0]] && noSpaceEnds[v[len(v)-1]]
}

// noSpaceStarts and noSpaceEnds hold the bytes no white space (as
// unicode.IsSpace has it) starts or ends with: not ASCII white space, not
// the lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000, and
// not their last bytes. A Chinese character starts with E4–E9 and mostly
// ends with a byte that is no space's last.
var noSpaceStarts, noSpaceEnds = func() (starts, ends [256]bool) {
	for b := range 256 {
		starts[b], ends[b] = true, true
	}
	for _, b := range []byte{'\t', '\n', '\v', '\f', '\r', ' '} {
		starts[b], ends[b] = false, false
	}
	for _, b := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		starts[b] = false
	}
	for b := 0x80; b <= 0x8A; b++ {
		ends[b] = false
	}
	for _, b := range []byte{0x9F, 0xA0, 0xA8, 0xA9, 0xAF} {
		ends[b] = false
	}
	return starts, ends
}()

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func keyColumn(table string) string {
	switch table {
	case "materials":
		return "material"
	case "enterprises":
		return "uscc"
	case "parties":
		return "party_id"
	case "licences":
		return "licence_no"
	case "declarations":
		return "declaration_no,item_no"
	case "manifests":
		return "bill_of_lading,container_no"
	case "prices":
		return "material,market,date"
	}
	return ""
}

// convertRow converts a row of a table and returns its key (empty for
// tables without one), the value, and how to keep it once it is accepted.
func convertRow(table string, r *row) (rowKey, any, func(*Bundle, any)) {
	switch table {
	case "materials":
		m := convertMaterial(r)
		return rowKey{s: m.ID}, m, keepMaterial
	case "enterprises":
		e := convertEnterprise(r)
		return rowKey{s: string(e.USCC)}, e, keepEnterprise
	case "parties":
		p := convertParty(r)
		return rowKey{s: p.ID}, p, keepParty
	case "party_links":
		return rowKey{}, convertLink(r), keepLink
	case "entity_lists":
		return rowKey{}, convertListEntry(r), keepListEntry
	case "licences":
		l := convertLicence(r)
		return rowKey{s: l.No}, l, keepLicence
	case "declarations":
		d := convertDeclaration(r)
		return rowKey{d.DeclarationNo, d.ItemNo}, d, keepDeclaration
	case "manifests":
		m := convertManifest(r)
		return rowKey{s: m.BillOfLading + "/" + m.ContainerNo}, m, keepManifest
	case "prices":
		p := convertPrice(r)
		return rowKey{s: p.Material + "/" + p.Market + "/" + p.Date.String()}, p, keepPrice
	}
	return rowKey{}, nil, func(*Bundle, any) {}
}

// keepIn returns how to append a converted value to one of the bundle's
// lists. The functions are made once, not per row (a closure per row was a
// million allocations).
func keepIn[T any](list func(*Bundle) *[]T) func(*Bundle, any) {
	return func(b *Bundle, v any) {
		l := list(b)
		*l = append(*l, v.(T))
	}
}

var (
	keepMaterial    = keepIn(func(b *Bundle) *[]*catalog.Material { return &b.Materials })
	keepEnterprise  = keepIn(func(b *Bundle) *[]*core.Enterprise { return &b.Enterprises })
	keepParty       = keepIn(func(b *Bundle) *[]*core.Party { return &b.Parties })
	keepLink        = keepIn(func(b *Bundle) *[]*core.PartyLink { return &b.Links })
	keepListEntry   = keepIn(func(b *Bundle) *[]*core.ListEntry { return &b.Lists })
	keepLicence     = keepIn(func(b *Bundle) *[]*core.Licence { return &b.Licences })
	keepDeclaration = keepIn(func(b *Bundle) *[]*core.DeclarationItem { return &b.Declarations })
	keepManifest    = keepIn(func(b *Bundle) *[]*core.Manifest { return &b.Manifests })
	keepPrice       = keepIn(func(b *Bundle) *[]*core.Price { return &b.Prices })
)

// open picks the source for a path; every file of it is read through the
// limits.
func open(p string, lim Limits) (source, func(), error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("open bundle: %w", err)
	}
	switch {
	case fi.IsDir():
		return newFSSource(newLimitedFS(os.DirFS(p), p, lim, 0), p, lim)
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", p, err)
		}
		src, closeFn, err := zipSource(f, fi.Size(), p, lim)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return src, func() { closeFn(); f.Close() }, nil
	case strings.EqualFold(filepath.Ext(p), ".xlsx"):
		// A lone workbook: its sheets are the tables; bundle.json may sit beside it.
		return newFSSource(newLimitedFS(os.DirFS(filepath.Dir(p)), filepath.Dir(p), lim, 0), filepath.Dir(p), lim, filepath.Base(p))
	}
	return nil, nil, fmt.Errorf("%s: a bundle is a folder, a .zip or a .xlsx", p)
}

// zipSource reads a bundle from a zip of size bytes: from the folder in it
// that holds bundle.json, every entry through the limits.
func zipSource(r io.ReaderAt, size int64, p string, lim Limits) (source, func(), error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", p, err)
	}
	if err := checkEntries(p, zr, lim); err != nil {
		return nil, nil, err
	}
	root, err := zipRoot(zr)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p, err)
	}
	sub, err := fs.Sub(zr, root)
	if err != nil {
		return nil, nil, err
	}
	return newFSSource(newLimitedFS(sub, p, lim, size), p, lim)
}

// zipRoot finds the folder inside a zip that holds bundle.json.
func zipRoot(zr *zip.Reader) (string, error) {
	best := ""
	found := false
	for _, f := range zr.File {
		if path.Base(f.Name) == "bundle.json" {
			dir := path.Dir(f.Name)
			if !found || len(dir) < len(best) {
				best, found = dir, true
			}
		}
	}
	if !found {
		return "", core.Errorf(core.EINVALID, "no bundle.json in the archive: a bundle is a folder or zip with bundle.json beside its tables (docs/bundle.md)")
	}
	return best, nil
}

// fsSource reads CSV files and, where present, bundle.xlsx sheets.
type fsSource struct {
	fsys  fs.FS
	name  string
	lim   Limits
	xlsx  *excelize.File
	enc   func(file string) string
	xname string
}

func newFSSource(fsys fs.FS, name string, lim Limits, workbook ...string) (source, func(), error) {
	s := &fsSource{fsys: fsys, name: name, lim: lim}
	wb := "bundle.xlsx"
	if len(workbook) > 0 {
		wb = workbook[0]
	}
	if f, err := fsys.Open(wb); err == nil {
		// A workbook is a zip of its own: excelize's limit on the sum of
		// its parts is set from ours (its default is 16 GiB).
		opts := excelize.Options{}
		if lim.EntryBytes > 0 {
			opts.UnzipSizeLimit = lim.EntryBytes
			opts.UnzipXMLSizeLimit = min(lim.EntryBytes, 16<<20)
		}
		x, err := excelize.OpenReader(f, opts)
		f.Close()
		if core.ErrorCode(err) == core.ETOOLARGE {
			return nil, nil, err
		}
		if err != nil {
			if strings.Contains(err.Error(), "unzip size exceeds") {
				return nil, nil, limitError(name+": "+wb, "unpacks to more than", lim.EntryBytes, settingEntry)
			}
			return nil, nil, fmt.Errorf("%s: %w", wb, err)
		}
		s.xlsx, s.xname = x, wb
	}
	return s, func() {
		if s.xlsx != nil {
			s.xlsx.Close()
		}
	}, nil
}

func (s *fsSource) declare(enc func(file string) string) { s.enc = enc }

func (s *fsSource) meta() ([]byte, error) {
	b, err := readAll(s.fsys, "bundle.json")
	if err != nil && s.xlsx != nil && errors.Is(err, fs.ErrNotExist) {
		// A workbook alone is a bundle of format 1 with no metadata.
		return []byte(`{"format":"` + Format + `"}`), nil
	}
	return b, err
}

func (s *fsSource) table(name string) (tableData, bool, error) {
	file := name + ".csv"
	if f, err := s.fsys.Open(file); err == nil {
		defer f.Close()
		var size int64
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		declared := ""
		if s.enc != nil {
			declared = s.enc(file)
		}
		c, err := readCSV(f, size, declared)
		if core.ErrorCode(err) == core.ETOOLARGE {
			return tableData{}, false, err // it names the file already
		}
		if err != nil {
			return tableData{}, false, fmt.Errorf("%s: %w", file, err)
		}
		c.name, c.maxLine = s.name+": "+file, s.lim.LineBytes
		return tableData{file: file, csv: c}, true, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return tableData{}, false, fmt.Errorf("%s: %w", file, err)
	}
	if s.xlsx == nil {
		return tableData{}, false, nil
	}
	for _, sheet := range s.xlsx.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(sheet), name) {
			recs, err := s.xlsx.GetRows(sheet)
			if err != nil {
				return tableData{}, false, fmt.Errorf("%s sheet %s: %w", s.xname, sheet, err)
			}
			return tableData{file: s.xname + "#" + sheet, sheet: recs}, true, nil
		}
	}
	return tableData{}, false, nil
}

func (s *fsSource) epcisEach(fn func(Document) error) error {
	entries, err := fs.ReadDir(s.fsys, "epcis")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".jsonld")) {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := readAll(s.fsys, "epcis/"+n)
		if err != nil {
			return err
		}
		if err := fn(Document{Name: "epcis/" + n, Data: b}); err != nil {
			return err
		}
	}
	return nil
}
