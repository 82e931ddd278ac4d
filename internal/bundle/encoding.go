package bundle

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding names what a CSV file was written in.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncGB18030 = "gb18030"
)

// encodingName reads an encoding as bundle.json may declare it. GBK and
// GB 2312 are subsets of GB18030 and read as it.
func encodingName(s string) (string, bool) {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s)) {
	case "utf8":
		return EncUTF8, true
	case "gb18030", "gbk", "gb2312", "cp936":
		return EncGB18030, true
	}
	return "", false
}

// badLine is a line with bytes that its file's encoding does not allow;
// its row is rejected, with the bytes, and nothing of it is stored.
type badLine struct {
	at    int    // the first bad byte's offset in the line, from 1
	bytes string // the bad bytes, as 0x.. 0x..
}

func (b badLine) reason(enc string) string {
	name := "UTF-8"
	if enc == EncGB18030 {
		name = "GB18030"
	}
	return fmt.Sprintf("bytes %s at byte %d of the line are not valid %s (the file reads as %s) / 含有%s中无效的字节", b.bytes, b.at, name, enc, name)
}

func hexBytes(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "0x%02X", c)
	}
	return sb.String()
}

// decideEncoding reads a whole file's bytes (BOM removed) as the declared
// encoding or, when none is declared, as the one in which fewer lines are
// broken: one bad byte in a UTF-8 file of Chinese text no longer turns the
// whole file into mojibake, and a GB18030 file with a broken line is still
// GB18030. It returns the text as UTF-8 and the lines whose bytes are
// invalid in the chosen encoding.
func decideEncoding(raw []byte, declared string, bom bool) (text []byte, enc string, bad map[int]badLine) {
	valid := declared != EncGB18030 && validUTF8(raw)
	enc = declared
	if enc == "" {
		switch {
		case bom || valid:
			enc = EncUTF8
		case countBad(raw, utf8Bad) <= countBad(raw, gbShapeBad):
			enc = EncUTF8
		default:
			enc = EncGB18030
		}
	}
	if enc == EncGB18030 {
		text, bad = decodeGB18030(raw)
		return text, enc, bad
	}
	if bom {
		enc = EncUTF8BOM
	}
	if valid {
		return raw, enc, nil
	}
	bad = map[int]badLine{}
	eachLine(raw, func(n, start int, l []byte) {
		if at, size := utf8Bad(l); at >= 0 {
			bad[n] = badLine{at: at + 1, bytes: hexBytes(l[at : at+size])}
		}
	})
	return raw, enc, bad
}

// eachLine calls fn with each line of b (without its newline), numbered
// from 1 as the CSV reader numbers them.
func eachLine(b []byte, fn func(n, start int, l []byte)) {
	for n, start := 1, 0; start < len(b); n++ {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			fn(n, start, b[start:])
			return
		}
		fn(n, start, b[start:start+end])
		start += end + 1
	}
}

func countBad(b []byte, bad func([]byte) (int, int)) int {
	n := 0
	eachLine(b, func(_, _ int, l []byte) {
		if at, _ := bad(l); at >= 0 {
			n++
		}
	})
	return n
}

// utf8Bad finds the first run of bytes in l that are not UTF-8: its
// offset and length (at most 8), or -1.
func utf8Bad(l []byte) (at, n int) {
	for i := 0; i < len(l); {
		if l[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(l[i:])
		if r != utf8.RuneError || size != 1 {
			i += size
			continue
		}
		j := i + 1
		for j < len(l) && j-i < 8 {
			if r, size := utf8.DecodeRune(l[j:]); l[j] < utf8.RuneSelf || r != utf8.RuneError || size != 1 {
				break
			}
			j++
		}
		return i, j - i
	}
	return -1, 0
}

// gbShapeBad finds the first byte sequence in l that cannot be GB18030 by
// its shape alone (lead and trail byte ranges); deciding a file's encoding
// needs no more.
func gbShapeBad(l []byte) (at, n int) {
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80: // the euro sign, as Code Page 936 writes it
			i++
			continue
		case c == 0xFF:
			return i, 1
		}
		if i+1 >= len(l) {
			return i, 1
		}
		c1 := l[i+1]
		switch {
		case (c1 >= 0x40 && c1 <= 0x7E) || (c1 >= 0x80 && c1 <= 0xFE):
			i += 2
		case c1 >= 0x30 && c1 <= 0x39 && i+3 < len(l) && l[i+2] >= 0x81 && l[i+2] <= 0xFE && l[i+3] >= 0x30 && l[i+3] <= 0x39:
			i += 4
		default:
			return i, 1
		}
	}
	return -1, 0
}

// decodeGB18030 decodes a GB18030 file line by line (a newline is never
// part of a GB18030 sequence), finding the lines whose bytes do not
// decode: those the decoder would turn into U+FFFD.
func decodeGB18030(raw []byte) ([]byte, map[int]badLine) {
	out := make([]byte, 0, len(raw)+len(raw)/2)
	dec := simplifiedchinese.GB18030.NewDecoder()
	var bad map[int]badLine
	var buf []byte
	eachLine(raw, func(n, start int, l []byte) {
		if start > 0 {
			out = append(out, '\n')
		}
		if ascii(l) {
			out = append(out, l...)
			return
		}
		dec.Reset()
		if need := len(l)*3 + 4; cap(buf) < need { // 0x80 is three bytes of UTF-8
			buf = make([]byte, need)
		}
		buf = buf[:cap(buf)]
		nDst, _, err := dec.Transform(buf, l, true)
		if err != nil { // cannot happen: the buffer holds any line's decoding
			nDst = 0
		}
		d := buf[:nDst]
		if at, size := gbBad(l); at >= 0 || bytes.Contains(d, []byte("\uFFFD")) {
			if bad == nil {
				bad = map[int]badLine{}
			}
			if at < 0 { // an encoded U+FFFD: the text was broken before it was written
				at, size = 0, len(l)
			}
			bad[n] = badLine{at: at + 1, bytes: hexBytes(l[at : at+min(size, 8)])}
		}
		out = append(out, d...)
	})
	if len(raw) > 0 && raw[len(raw)-1] == '\n' {
		out = append(out, '\n')
	}
	return out, bad
}

// gbBad finds the first sequence in l that GB18030 does not decode: a bad
// shape, or a four-byte sequence outside the code space.
func gbBad(l []byte) (at, n int) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var one [8]byte
	for i := 0; i < len(l); {
		if l[i] < 0x81 {
			i++
			continue
		}
		if a, size := gbShapeBad(l[i:min(i+4, len(l))]); a == 0 {
			return i, size
		}
		size := 2
		if l[i+1] >= 0x30 && l[i+1] <= 0x39 {
			size = 4
		}
		dec.Reset()
		nDst, _, _ := dec.Transform(one[:], l[i:i+size], true)
		if r, _ := utf8.DecodeRune(one[:nDst]); r == utf8.RuneError {
			return i, size
		}
		i += size
	}
	return -1, 0
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validUTF8 is utf8.Valid on every core: ASCII bytes are always rune
// boundaries, so the file is cut at them.
func validUTF8(b []byte) bool {
	const part = 16 << 20
	if len(b) <= part || readWorkers < 2 {
		return utf8.Valid(b)
	}
	var cuts []int
	for at := part; at < len(b); at += part {
		for at < len(b) && b[at] >= utf8.RuneSelf {
			at++
		}
		cuts = append(cuts, at)
	}
	cuts = append(cuts, len(b))
	ok := make([]bool, len(cuts))
	var wg sync.WaitGroup
	sem := make(chan struct{}, readWorkers)
	from := 0
	for i, to := range cuts {
		wg.Add(1)
		sem <- struct{}{}
		go func(i, from, to int) {
			defer wg.Done()
			ok[i] = utf8.Valid(b[from:to])
			<-sem
		}(i, from, to)
		from = to
	}
	wg.Wait()
	for _, v := range ok {
		if !v {
			return false
		}
	}
	return true
}
