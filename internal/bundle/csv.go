package bundle

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding names what a CSV file was written in.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncGB18030 = "gb18030"
)

// sniffSize is how much of a file decides its encoding. Chinese Excel
// writes GB18030 throughout, so a window of valid UTF-8 this large that
// contains non-ASCII text is decisive; pure ASCII is both.
const sniffSize = 256 << 10

// decode detects the encoding of r and returns a UTF-8 reader.
func decode(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
		return br, EncUTF8BOM, nil
	}
	if validUTF8Prefix(head, len(head) < sniffSize) {
		return br, EncUTF8, nil
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), EncGB18030, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut
// at the end of the window when the file goes on.
func validUTF8Prefix(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

// csvRows reads a CSV stream row by row, reporting each record's starting
// line. It stops at the first error that makes the rest unreadable.
type csvRows struct {
	r        *csv.Reader
	encoding string
}

func newCSVRows(r io.Reader) (*csvRows, error) {
	dr, enc, err := decode(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(dr)
	cr.FieldsPerRecord = -1 // ragged rows are reported per row, not fatal
	cr.ReuseRecord = false
	return &csvRows{r: cr, encoding: enc}, nil
}

// next returns the next record and its line, io.EOF at the end, or a
// *csv.ParseError for a malformed record (the reader can go on after it).
func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, fmt.Errorf("malformed CSV: %v", pe.Err)
		}
		return nil, 0, err
	}
	// FieldPos is only defined after a successful Read.
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}
