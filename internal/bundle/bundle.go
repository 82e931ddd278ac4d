package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

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
}

// Rejected is a row that could not be imported, and why.
type Rejected struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// FileStats counts one file's rows: Read = Imported + Rejected, always.
type FileStats struct {
	File         string   `json:"file"`
	Encoding     string   `json:"encoding,omitempty"`
	Read         int      `json:"read"`
	Imported     int      `json:"imported"`
	Rejected     int      `json:"rejected"`
	ExtraColumns []string `json:"extra_columns,omitempty"`
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
	// table returns rows (header first) of a table, with the line of each
	// row, or ok=false when the bundle has no such table.
	table(name string) (rows rowIter, file string, ok bool, err error)
	meta() ([]byte, error)
	epcis() ([]Document, error)
}

type rowIter interface {
	next() (rec []string, line int, err error) // io.EOF at the end
	encoding() string
}

// Read reads a bundle from a folder, a .zip of one, or a bundle.xlsx. It
// fails only when the bundle as a whole cannot be read (no bundle.json, a
// wrong format, an unreadable file); bad rows are reported in Rejected.
func Read(p string) (*Bundle, error) {
	start := time.Now()
	src, closeFn, err := open(p)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	b := &Bundle{}
	raw, err := src.meta()
	if err != nil {
		return nil, fmt.Errorf("%s: bundle.json: %w", p, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&b.Meta); err != nil {
		return nil, fmt.Errorf("%s: bundle.json: %w", p, err)
	}
	if b.Meta.Format != Format {
		return nil, fmt.Errorf("%s: bundle.json: format %q, this OreWatch reads %q", p, b.Meta.Format, Format)
	}
	g, err := geo.Default()
	if err != nil {
		return nil, err
	}
	for _, t := range Tables {
		if err := b.readTable(src, t, g); err != nil {
			return nil, err
		}
	}
	if b.EPCIS, err = src.epcis(); err != nil {
		return nil, fmt.Errorf("%s: epcis/: %w", p, err)
	}
	b.ReadTime = time.Since(start)
	return b, nil
}

func (b *Bundle) readTable(src source, t Table, g *geo.Tables) error {
	rows, file, ok, err := src.table(t.Name)
	if err != nil {
		return err
	}
	if !ok {
		return nil
	}
	rows = prefetch(rows)
	st := FileStats{File: file, Encoding: rows.encoding()}
	header, _, err := rows.next()
	if errors.Is(err, io.EOF) {
		b.Files = append(b.Files, st)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: header: %w", file, err)
	}
	names, known := t.resolveHeader(header)
	present := map[string]bool{}
	for i, n := range names {
		if known[i] {
			present[n] = true
		} else if n != "" {
			st.ExtraColumns = append(st.ExtraColumns, n)
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
	tr := &tableReader{table: t.Name, file: file, names: names, missing: missing, colIdx: colIdx, geo: g,
		pos: make([]int, len(names)), intern: make([]bool, len(names))}
	for i, n := range names {
		tr.pos[i] = -1
		if known[i] {
			tr.pos[i] = colIdx[n]
			tr.intern[i] = !uniqueColumns[n]
		}
	}
	seen := map[string]int{}
	if p, ok := rows.(*prefetched); ok && readWorkers > 1 {
		err = b.readParallel(p, tr, &st, seen)
	} else {
		w := tr.worker()
		for {
			rec, line, rerr := rows.next()
			res := w.record(rec, line, rerr)
			if res.eof {
				break
			}
			if res.fatal != nil {
				return res.fatal
			}
			b.take(tr, &st, res, seen)
		}
	}
	if err != nil {
		return err
	}
	b.Files = append(b.Files, st)
	return nil
}

// readWorkers is how many goroutines convert a CSV table's rows; the file
// is parsed by one more, ahead of them.
var readWorkers = runtime.GOMAXPROCS(0)

// batchConverted is called as each batch's conversion ends; tests delay
// batches with it to finish them out of order.
var batchConverted = func(seq int) {}

// tableReader holds what a table's header decided: where each cell goes,
// which columns to intern, what the header lacks.
type tableReader struct {
	table, file string
	names       []string
	missing     []string
	colIdx      map[string]int
	pos         []int
	intern      []bool
	geo         *geo.Tables
}

// rowWorker converts rows with its own caches and cells, so several can
// run at once.
type rowWorker struct {
	*tableReader
	cache *readCache
	vals  cells
}

func (tr *tableReader) worker() *rowWorker {
	return &rowWorker{tableReader: tr, cache: newReadCache(), vals: cells{idx: tr.colIdx, v: make([]string, len(tr.colIdx))}}
}

// converted is one record's outcome, before the checks that need every
// earlier row (duplicates) and before it is kept or rejected.
type converted struct {
	eof, blank bool
	fatal      error // the file cannot be read further
	line       int
	keep       func(*Bundle)
	key        string
	bad        *Rejected
}

func (w *rowWorker) record(rec []string, line int, err error) converted {
	if errors.Is(err, io.EOF) {
		return converted{eof: true}
	}
	if err != nil {
		if line == 0 {
			return converted{fatal: fmt.Errorf("%s: %w", w.file, err)}
		}
		return converted{line: line, bad: &Rejected{File: w.file, Line: line, Reason: err.Error()}}
	}
	if blank(rec) {
		return converted{blank: true} // an empty line is not a row
	}
	if len(w.missing) > 0 {
		return converted{line: line, bad: &Rejected{File: w.file, Line: line, Column: strings.Join(w.missing, ","),
			Reason: "the header lacks required column(s): " + strings.Join(w.missing, ", ")}}
	}
	clear(w.vals.v) // converters copy what they keep; the cells are reused
	r := &row{file: w.file, line: line, vals: w.vals, geo: w.geo, cache: w.cache}
	if len(rec) > len(w.names) {
		r.fail("", strings.Join(rec[len(w.names):], ","), "row has %d cells, the header %d", len(rec), len(w.names))
	}
	for i, n := range w.names {
		v := ""
		if i < len(rec) {
			v = strings.TrimSpace(rec[i])
		}
		if w.pos[i] >= 0 {
			if w.intern[i] {
				v = w.cache.intern(v)
			}
			r.vals.v[w.pos[i]] = v
		} else if n != "" && v != "" {
			if r.extra == nil {
				r.extra = map[string]string{}
			}
			r.extra[n] = v
		}
	}
	key, keep := convertRow(w.table, r)
	return converted{line: line, keep: keep, key: key, bad: r.bad}
}

// take counts a converted record, checks it against the rows before it for
// a duplicate key, and keeps or rejects it.
func (b *Bundle) take(tr *tableReader, st *FileStats, c converted, seen map[string]int) {
	if c.blank {
		return
	}
	st.Read++
	if c.bad == nil && c.key != "" {
		if first, dup := seen[c.key]; dup {
			r := &row{file: tr.file, line: c.line}
			r.fail(keyColumn(tr.table), c.key, "duplicate of line %d", first)
			c.bad = r.bad
		} else {
			seen[c.key] = c.line
		}
	}
	if c.bad != nil {
		b.reject(st, *c.bad)
		return
	}
	c.keep(b)
	st.Imported++
}

// readParallel converts a CSV table's rows on readWorkers goroutines, in
// the prefetcher's batches, and takes the results in file order: the
// outcome is the sequential read's, row for row.
func (b *Bundle) readParallel(p *prefetched, tr *tableReader, st *FileStats, seen map[string]int) error {
	type batch struct {
		seq  int
		recs []record
		out  []converted
	}
	jobs := make(chan *batch, readWorkers)
	done := make(chan *batch, readWorkers)
	var wg sync.WaitGroup
	for range readWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := tr.worker()
			for j := range jobs {
				j.out = make([]converted, len(j.recs))
				for i, r := range j.recs {
					j.out[i] = w.record(r.rec, r.line, r.err)
				}
				batchConverted(j.seq)
				done <- j
			}
		}()
	}
	go func() {
		seq := 0
		if len(p.batch) > 0 { // what the header's read left of the first batch
			jobs <- &batch{seq: seq, recs: p.batch}
			seq++
		}
		if !p.done {
			for recs := range p.ch {
				jobs <- &batch{seq: seq, recs: recs}
				seq++
			}
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()
	pending := map[int]*batch{}
	next, finished := 0, false
	var fatal error
	for j := range done {
		pending[j.seq] = j
		for ; pending[next] != nil; next++ {
			for _, c := range pending[next].out {
				switch {
				case finished || fatal != nil:
				case c.eof:
					finished = true
				case c.fatal != nil:
					fatal = c.fatal
				default:
					b.take(tr, st, c, seen)
				}
			}
			delete(pending, next)
		}
	}
	return fatal
}

// uniqueColumns hold values that rarely repeat or are parsed into numbers;
// interning them would only fill the cache.
var uniqueColumns = map[string]bool{
	"declaration_no": true, "item_no": true, "quantity": true, "net_weight_kg": true, "gross_weight_kg": true,
	"unit_price": true, "total_value": true, "containers": true, "bill_of_lading": true, "packages": true,
	"vgm_kg": true, "tare_kg": true, "container_no": true, "price": true,
}

func (b *Bundle) reject(st *FileStats, r Rejected) {
	st.Rejected++
	b.Rejected = append(b.Rejected, r)
}

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

// convert converts a row, appends it, and returns its key (for duplicate
// detection; "" where a table has none). unconvert drops the last append
// when the row turns out bad.
// convertRow converts a row of a table and returns its key (empty for
// tables without one) and how to keep it once it is accepted.
func convertRow(table string, r *row) (string, func(*Bundle)) {
	switch table {
	case "materials":
		m := convertMaterial(r)
		return m.ID, func(b *Bundle) { b.Materials = append(b.Materials, m) }
	case "enterprises":
		e := convertEnterprise(r)
		return string(e.USCC), func(b *Bundle) { b.Enterprises = append(b.Enterprises, e) }
	case "parties":
		p := convertParty(r)
		return p.ID, func(b *Bundle) { b.Parties = append(b.Parties, p) }
	case "party_links":
		l := convertLink(r)
		return "", func(b *Bundle) { b.Links = append(b.Links, l) }
	case "entity_lists":
		e := convertListEntry(r)
		return "", func(b *Bundle) { b.Lists = append(b.Lists, e) }
	case "licences":
		l := convertLicence(r)
		return l.No, func(b *Bundle) { b.Licences = append(b.Licences, l) }
	case "declarations":
		d := convertDeclaration(r)
		return d.DeclarationNo + "/" + strconv.Itoa(d.ItemNo), func(b *Bundle) { b.Declarations = append(b.Declarations, d) }
	case "manifests":
		m := convertManifest(r)
		return m.BillOfLading + "/" + m.ContainerNo, func(b *Bundle) { b.Manifests = append(b.Manifests, m) }
	case "prices":
		p := convertPrice(r)
		return p.Material + "/" + p.Market + "/" + p.Date.String(), func(b *Bundle) { b.Prices = append(b.Prices, p) }
	}
	return "", func(*Bundle) {}
}

// open picks the source for a path.
func open(p string) (source, func(), error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("open bundle: %w", err)
	}
	switch {
	case fi.IsDir():
		return newFSSource(os.DirFS(p), p)
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", p, err)
		}
		root, err := zipRoot(&zr.Reader)
		if err != nil {
			zr.Close()
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		sub, err := fs.Sub(zr, root)
		if err != nil {
			zr.Close()
			return nil, nil, err
		}
		src, _, err := newFSSource(sub, p)
		if err != nil {
			zr.Close()
			return nil, nil, err
		}
		return src, func() { zr.Close() }, nil
	case strings.EqualFold(filepath.Ext(p), ".xlsx"):
		// A lone workbook: its sheets are the tables; bundle.json may sit beside it.
		return newFSSource(os.DirFS(filepath.Dir(p)), filepath.Dir(p), filepath.Base(p))
	}
	return nil, nil, fmt.Errorf("%s: a bundle is a folder, a .zip or a .xlsx", p)
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
		return "", errors.New("no bundle.json in the archive")
	}
	return best, nil
}

// fsSource reads CSV files and, where present, bundle.xlsx sheets.
type fsSource struct {
	fsys  fs.FS
	name  string
	xlsx  *excelize.File
	xname string
}

func newFSSource(fsys fs.FS, name string, workbook ...string) (source, func(), error) {
	s := &fsSource{fsys: fsys, name: name}
	wb := "bundle.xlsx"
	if len(workbook) > 0 {
		wb = workbook[0]
	}
	if f, err := fsys.Open(wb); err == nil {
		x, err := excelize.OpenReader(f)
		f.Close()
		if err != nil {
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

func (s *fsSource) meta() ([]byte, error) {
	b, err := fs.ReadFile(s.fsys, "bundle.json")
	if err != nil && s.xlsx != nil && errors.Is(err, fs.ErrNotExist) {
		// A workbook alone is a bundle of format 1 with no metadata.
		return []byte(`{"format":"` + Format + `"}`), nil
	}
	return b, err
}

func (s *fsSource) table(name string) (rowIter, string, bool, error) {
	file := name + ".csv"
	if f, err := s.fsys.Open(file); err == nil {
		rows, err := newCSVRows(f)
		if err != nil {
			f.Close()
			return nil, file, false, fmt.Errorf("%s: %w", file, err)
		}
		return &csvIter{rows: rows, closer: f}, file, true, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, file, false, fmt.Errorf("%s: %w", file, err)
	}
	if s.xlsx == nil {
		return nil, "", false, nil
	}
	for _, sheet := range s.xlsx.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(sheet), name) {
			recs, err := s.xlsx.GetRows(sheet)
			if err != nil {
				return nil, "", false, fmt.Errorf("%s sheet %s: %w", s.xname, sheet, err)
			}
			return &sliceIter{recs: recs}, s.xname + "#" + sheet, true, nil
		}
	}
	return nil, "", false, nil
}

func (s *fsSource) epcis() ([]Document, error) {
	entries, err := fs.ReadDir(s.fsys, "epcis")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var docs []Document
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".jsonld")) {
			continue
		}
		b, err := fs.ReadFile(s.fsys, "epcis/"+n)
		if err != nil {
			return nil, err
		}
		docs = append(docs, Document{Name: "epcis/" + n, Data: b})
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}

type csvIter struct {
	rows   *csvRows
	closer io.Closer
}

func (c *csvIter) next() ([]string, int, error) {
	rec, line, err := c.rows.next()
	if errors.Is(err, io.EOF) {
		c.closer.Close()
	}
	return rec, line, err
}

func (c *csvIter) encoding() string { return c.rows.encoding }

type sliceIter struct {
	recs [][]string
	i    int
}

func (s *sliceIter) next() ([]string, int, error) {
	if s.i >= len(s.recs) {
		return nil, 0, io.EOF
	}
	s.i++
	return s.recs[s.i-1], s.i, nil
}

func (s *sliceIter) encoding() string { return "xlsx" }

// prefetch reads records ahead in a goroutine, in batches, so that CSV
// parsing and row conversion use two cores. Order and line numbers are
// kept; the reader stops at the first error it cannot read past, as the
// underlying iterator does.
func prefetch(it rowIter) rowIter {
	if _, ok := it.(*csvIter); !ok {
		return it // workbook sheets are already in memory
	}
	ch := make(chan []record, 4)
	go func() {
		defer close(ch)
		batch := make([]record, 0, 1024)
		for {
			rec, line, err := it.next()
			batch = append(batch, record{rec, line, err})
			if err == io.EOF || (err != nil && line == 0) || len(batch) == cap(batch) {
				ch <- batch
				if err == io.EOF || (err != nil && line == 0) {
					return
				}
				batch = make([]record, 0, 1024)
			}
		}
	}()
	return &prefetched{ch: ch, enc: it.encoding()}
}

type record struct {
	rec  []string
	line int
	err  error
}

type prefetched struct {
	ch    chan []record
	batch []record
	enc   string
	done  bool
}

func (p *prefetched) next() ([]string, int, error) {
	for len(p.batch) == 0 {
		if p.done {
			return nil, 0, io.EOF
		}
		b, ok := <-p.ch
		if !ok {
			p.done = true
			return nil, 0, io.EOF
		}
		p.batch = b
	}
	r := p.batch[0]
	p.batch = p.batch[1:]
	if r.err == io.EOF || (r.err != nil && r.line == 0) {
		p.done = true
		// Drain so the reading goroutine can finish.
		go func() {
			for range p.ch {
			}
		}()
	}
	return r.rec, r.line, r.err
}

func (p *prefetched) encoding() string { return p.enc }
