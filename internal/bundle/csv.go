package bundle

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/tonistiigi/go-csvvalue"
)

// csvFile is a CSV table read whole and decoded to UTF-8, so that its rows
// can be parsed in pieces on several cores.
type csvFile struct {
	data []byte // never written to once read: the fields are substrings of it
	enc  string
	// bad are the lines with bytes invalid in enc, by line number.
	bad map[int]badLine
	// name is the file for messages; maxLine, when not zero, is the
	// longest line read: a line of a million commas would otherwise
	// become a million fields.
	name    string
	maxLine int
}

// text is the file as a string, without a copy: data is not written to
// after readCSV, so the string is as immutable as any.
func (f *csvFile) text() string {
	return unsafe.String(unsafe.SliceData(f.data), len(f.data))
}

// readCSV reads a whole CSV file and decodes it to UTF-8, in the declared
// encoding or the one it reads best in (decideEncoding); size, when known,
// saves the buffer from growing.
func readCSV(r io.Reader, size int64, declared string) (*csvFile, error) {
	raw, err := readRaw(r, size)
	if err != nil {
		return nil, err
	}
	bom := bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
	if bom {
		raw = raw[3:]
	}
	data, enc, bad := decideEncoding(raw, declared, bom)
	return &csvFile{data: data, enc: enc, bad: bad}, nil
}

// readRaw reads a whole file: at offsets on every core when it can, else
// into one buffer of the file's size (a bytes.Buffer grown to the size
// took five times as long on a 141 MiB file).
func readRaw(r io.Reader, size int64) ([]byte, error) {
	if ra, ok := r.(io.ReaderAt); ok && size >= 2*readChunk && readWorkers > 1 {
		return readAtOnAllCores(ra, 0, size)
	}
	buf := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	return buf, nil
}

// readChunk is how much of a file one read call takes.
var readChunk int64 = 8 << 20

// readAtOnAllCores reads bytes [skip, size) of a file in chunks on every
// core at once. Reading is mostly the kernel copying pages into the
// buffer's fresh ones, which two cores do in half the time: read in turn,
// a 141 MiB file took 55 ms while the other core waited, 29 ms on both.
func readAtOnAllCores(ra io.ReaderAt, skip, size int64) ([]byte, error) {
	buf := make([]byte, size-skip)
	var next atomic.Int64
	errs := make([]error, readWorkers)
	var wg sync.WaitGroup
	for w := range readWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := next.Add(readChunk) - readChunk
				if from >= int64(len(buf)) {
					return
				}
				to := min(from+readChunk, int64(len(buf)))
				if n, err := ra.ReadAt(buf[from:to], skip+from); err != nil && !(errors.Is(err, io.EOF) && int64(n) == to-from) {
					errs[w] = fmt.Errorf("read at %d: %w", skip+from, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if n, _ := ra.ReadAt(make([]byte, 1), size); n > 0 {
		return nil, errors.New("the file grew while it was read")
	}
	return buf, nil
}

// header parses the file's first record. The rows start at byte off, after
// lines lines.
func (f *csvFile) header() (rec []string, off, lines int, err error) {
	r := newCSVReader(f.data)
	rec, err = r.Read()
	if err != nil {
		return nil, 0, 0, err
	}
	off = int(r.InputOffset())
	return rec, off, bytes.Count(f.data[:off], []byte{'\n'}), nil
}

func newCSVReader(b []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // ragged rows are reported per row, not fatal
	r.ReuseRecord = true   // the fields are substrings of one string per record; only the slice is reused
	return r
}

// piece is a stretch of a CSV file's rows that starts at a record
// boundary; line is the number of lines before it, lines the number in it.
type piece struct {
	seq, start, end, line, lines int
}

// pieceSize is about how many bytes of rows one worker parses at a time.
var pieceSize = 1 << 20

// cut divides data[off:] into pieces of about size bytes, each ending
// after a newline outside quotes as counted from the piece's start, and
// passes them to emit until it returns false. A piece ends where a quote
// count says a record does; that holds for well-formed CSV, and a piece
// in which the parser found anything malformed is not trusted to end on a
// boundary (see (*Bundle).readCSV).
func cut(data []byte, off, line, size int, emit func(piece) bool) {
	for seq := 0; off < len(data); seq++ {
		end := len(data)
		if off+size < len(data) {
			odd := bytes.Count(data[off:off+size], []byte{'"'})%2 == 1
			end = len(data)
			for i := off + size; i < len(data); {
				j := bytes.IndexAny(data[i:], "\"\n")
				if j < 0 {
					break
				}
				i += j
				if data[i] == '"' {
					odd = !odd
				} else if !odd {
					end = i + 1
					break
				}
				i++
			}
		}
		n := bytes.Count(data[off:end], []byte{'\n'})
		if !emit(piece{seq: seq, start: off, end: end, line: line, lines: n}) {
			return
		}
		line += n
		off = end
	}
}

// parse reads the records of a piece, passing each with its line in the
// file to fn, and reports whether any was malformed. A malformed record is
// passed with its line and the parser's complaint; an error that stops the
// reading is passed with line 0.
//
// A line without quotes is split at its commas, and one with quotes that
// is a whole record by csvvalue: either way the fields are substrings of
// the file's text, with no copy and no allocation per record, where
// encoding/csv copies every record into a new string (its parse was a
// third of reading a million rows). A line csvvalue refuses — a quoted
// field that goes on to the next line, a stray quote — is read by
// encoding/csv from that line on, for one record, so that what is read and
// what is reported are the standard parser's (FuzzSplitIsEncodingCSV).
//
// When plain is not nil, a line without quotes goes to it whole instead,
// for its caller to split.
func (p piece) parse(f *csvFile, fn func(rec []string, line int, err error), plain func(l string, line int)) (malformed bool) {
	text := f.text()
	var rec []string
	line := p.line
	quote := -1 // where the next quote is, at or after pos; p.end when there is none
	for pos := p.start; pos < p.end; {
		end, next := p.end, p.end
		if nl := strings.IndexByte(text[pos:p.end], '\n'); nl >= 0 {
			end, next = pos+nl, pos+nl+1
		}
		if f.maxLine > 0 && end-pos > f.maxLine {
			fn(nil, 0, limitError(fmt.Sprintf("%s line %d", f.name, line+1), "a line is longer than", int64(f.maxLine), settingLine))
			return malformed
		}
		l := strings.TrimSuffix(text[pos:end], "\r") // encoding/csv's \r\n, and its \r before the end of the file
		if l == "" {                                 // encoding/csv skips empty lines
			line++
			pos = next
			continue
		}
		if quote < pos { // one search finds the next quote for all the lines before it
			quote = p.end
			if q := strings.IndexByte(text[pos:p.end], '"'); q >= 0 {
				quote = pos + q
			}
		}
		if quote >= pos+len(l) { // most lines: the fields are what lies between commas
			line++
			if plain != nil {
				plain(l, line)
			} else {
				rec = splitCommas(l, rec[:0])
				fn(rec, line, nil)
			}
			pos = next
			continue
		}
		if fields, err := csvvalue.Fields(l, rec[:0]); err == nil {
			line++
			rec = fields
			fn(rec, line, nil)
			pos = next
			continue
		}
		r := newCSVReader(f.data[pos:p.end])
		got, err := r.Read()
		var pe *csv.ParseError
		switch {
		case err == nil:
			first, _ := r.FieldPos(0)
			fn(got, line+first, nil)
		case errors.As(err, &pe):
			malformed = true
			fn(nil, line+pe.StartLine, fmt.Errorf("malformed CSV: %v", pe.Err))
		case errors.Is(err, io.EOF):
			return malformed
		default:
			fn(nil, 0, err)
			return malformed
		}
		n := int(r.InputOffset())
		if n == 0 {
			return malformed // cannot happen: the line is not empty
		}
		line += bytes.Count(f.data[pos:pos+n], []byte{'\n'})
		pos += n
	}
	return malformed
}

// splitCommas splits a line at its commas, eight bytes at a time: fields
// are a few bytes long, and a call to strings.IndexByte per field took
// half as long again as a byte loop, which took half as long again as
// this.
func splitCommas(l string, dst []string) []string {
	start, i := 0, 0
	for ; i+8 <= len(l); i += 8 {
		for m := commaMask(l, i); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			dst = append(dst, l[start:j])
			start = j + 1
		}
	}
	for ; i < len(l); i++ {
		if l[i] == ',' {
			dst = append(dst, l[start:i])
			start = i + 1
		}
	}
	return append(dst, l[start:])
}

// commaMask marks the commas among the eight bytes of l from i: the high
// bit of each byte of the mask is set where l has a comma, found as a zero
// byte of l XOR commas without a borrow from one byte into the next.
func commaMask(l string, i int) uint64 {
	const (
		ones   = 0x0101010101010101
		low7   = 0x7f7f7f7f7f7f7f7f
		commas = ',' * ones
	)
	x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(l[i:]), 8)) ^ commas
	return ^(((x & low7) + low7) | x | low7)
}
