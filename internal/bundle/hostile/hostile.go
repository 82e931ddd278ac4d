// Package hostile makes the bundles an attacker or a broken exporter would
// send: archives whose headers lie, zip bombs, archives of countless
// entries, endless lines. The tests of every reader and upload path build
// them here, small on disk, rather than keep them in testdata.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
)

// Meta is a bundle.json any reader accepts.
const Meta = `{"format": "orewatch-bundle/1", "title": "hostile"}`

// DeclarationsHeader is the header row of a declarations table.
const DeclarationsHeader = "declaration_no,item_no,declared_at,exporter_uscc,hs_code,description,quantity,unit,destination,consignee,remarks\n"

// LyingZip is a bundle whose entry claims claimed bytes while holding
// body: the header is a claim that a reader allocating by it pays for.
func LyingZip(entry string, body []byte, claimed uint64) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if entry != "bundle.json" {
		if err := add(zw, "bundle.json", []byte(Meta)); err != nil {
			return nil, err
		}
	}
	if err := addRaw(zw, entry, bytes.NewReader(body), crc32.ChecksumIEEE(body), claimed); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FolderZip is LyingZip with the entry's mode bits saying it is a folder
// while its name and bytes are a file's: zip opens entries by name, so a
// reader that skips folders by their mode skips its checks on the file.
func FolderZip(entry string, body []byte, claimed uint64) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := add(zw, "bundle.json", []byte(Meta)); err != nil {
		return nil, err
	}
	packed, err := deflate(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	h := &zip.FileHeader{Name: entry, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(packed)), UncompressedSize64: claimed}
	h.SetMode(fs.ModeDir | 0o755)
	w, err := zw.CreateRaw(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(packed); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Bomb is a bundle whose declarations.csv unpacks to size bytes of one
// repeated row, with honest headers: deflate packs it about 1,000 to 1.
func Bomb(size int64) ([]byte, error) {
	row := "310120250000000001,1,2025-06-01,913600000000000000,8110101000,antimony ingots,1,kg,JP,Tokyo,\n"
	table := func() io.Reader {
		return io.MultiReader(strings.NewReader(DeclarationsHeader), &repeat{s: row, n: size - int64(len(DeclarationsHeader))})
	}
	crc := crc32.NewIEEE()
	if _, err := io.Copy(crc, table()); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := add(zw, "bundle.json", []byte(Meta)); err != nil {
		return nil, err
	}
	if err := addRaw(zw, "declarations.csv", table(), crc.Sum32(), uint64(size)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ManyEntries is a bundle of n empty files beside bundle.json.
func ManyEntries(n int) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := add(zw, "bundle.json", []byte(Meta)); err != nil {
		return nil, err
	}
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("junk/%06d", i), Method: zip.Store}); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// LongLine is a declarations table whose second line is n bytes of
// letters and commas that do not compress, so that only the line's length
// gives it away.
func LongLine(n int) []byte {
	b := make([]byte, 0, len(DeclarationsHeader)+n+1)
	b = append(b, DeclarationsHeader...)
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b = append(b, "abcdefghijklmnopqrstuvwxyz,,,,,,"[x%32])
	}
	return append(b, '\n')
}

// Zip packs files into a zip, in the order of names.
func Zip(names []string, files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		if err := add(zw, n, files[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func add(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// addRaw adds an entry whose header says what the caller says: the
// checksum and size of body, or a lie.
func addRaw(zw *zip.Writer, name string, body io.Reader, crc uint32, claimed uint64) error {
	packed, err := deflate(body)
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(packed)), UncompressedSize64: claimed})
	if err != nil {
		return err
	}
	_, err = w.Write(packed)
	return err
}

func deflate(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(fw, r); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// repeat reads s over and over, n bytes in all.
type repeat struct {
	s   string
	n   int64
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	r.n -= int64(n)
	return n, nil
}
