package bundle

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"orewatch/internal/core"
)

// Limits bound what reading one bundle may take. An archive's headers are
// claims, not facts: a claim over a limit is refused before anything is
// read, and every limit is checked again on the bytes actually read, so a
// header that lies is caught too. Zero means no limit.
type Limits struct {
	// EntryBytes bounds one file's bytes as read (a zip entry's after
	// decompression).
	EntryBytes int64
	// TotalBytes bounds the bytes of all the files of one bundle.
	TotalBytes int64
	// Ratio bounds a zip entry's decompressed bytes per compressed byte.
	Ratio int64
	// Entries bounds the entries of a zip.
	Entries int
	// LineBytes bounds one line of a CSV file.
	LineBytes int
}

// DefaultLimits are generous for real bundles and small for bombs: a
// million declarations are 141 MiB of CSV and compress about 6:1, while a
// zip bomb's entries expand 1,000:1 (deflate's ceiling is 1,032:1).
func DefaultLimits() Limits {
	return Limits{
		EntryBytes: 1 << 30,
		TotalBytes: 4 << 30,
		Ratio:      100,
		Entries:    10_000,
		LineBytes:  1 << 20,
	}
}

// ratioFloor is how much of an entry is read before its ratio counts: a
// small file of repeated bytes compresses far better than 100:1 and is
// harmless.
const ratioFloor = 1 << 20

// limitError names what went over which limit; the code makes it a 413 on
// the web and exit status 2 on the command line.
func limitError(entry, what string, limit int64, setting string) error {
	return &core.Error{Code: core.ETOOLARGE, Field: entry,
		Message: fmt.Sprintf("%s the limit of %s (%s) / 超出导入上限", what, sizeString(limit), setting)}
}

// sizeString writes a byte count the way people read limits: 1 GiB, not
// 1073741824.
func sizeString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// The settings that change each limit, named in its error so that an
// operator knows what to raise.
const (
	settingEntry   = "import-max-entry-bytes"
	settingTotal   = "import-max-total-bytes"
	settingRatio   = "import-max-ratio"
	settingEntries = "import-max-entries"
	settingLine    = "import-max-line-bytes"
)

// limitedFS hands out the files of a bundle through readers that count
// what they give against the limits. It is the only way the reader
// reaches a bundle's files.
type limitedFS struct {
	fsys   fs.FS
	prefix string // the bundle's path, for messages
	lim    Limits
	// archive is the zip's size: no entry can have consumed more
	// compressed bytes than that, whatever its header says.
	archive int64
	total   *atomic.Int64
}

func newLimitedFS(fsys fs.FS, prefix string, lim Limits, archive int64) *limitedFS {
	return &limitedFS{fsys: fsys, prefix: prefix, lim: lim, archive: archive, total: new(atomic.Int64)}
}

func (l *limitedFS) entry(name string) string { return l.prefix + ": " + name }

// Open refuses a file whose claimed size or ratio is over a limit, and
// wraps the rest in counting readers.
func (l *limitedFS) Open(name string) (fs.File, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if _, dir := f.(fs.ReadDirFile); dir && fi.IsDir() {
		// Only a real directory passes unchecked: a zip entry's mode bits
		// are the archive's word, and a file can claim to be a folder.
		return f, nil
	}
	claimed := fi.Size()
	var compressed int64
	if h, ok := fi.Sys().(*zip.FileHeader); ok {
		compressed = int64(min(h.CompressedSize64, uint64(max(l.archive, 0))))
	}
	if err := l.check(name, claimed, compressed, "claims to hold"); err != nil {
		f.Close()
		return nil, err
	}
	lf := &limitedFile{File: f, fs: l, name: name, compressed: compressed}
	if ra, ok := f.(io.ReaderAt); ok && compressed == 0 {
		// A file on disk is read in parallel at offsets: its size is a
		// fact, so it counts in full now (the reader checks it did not
		// grow).
		if err := l.count(name, claimed); err != nil {
			f.Close()
			return nil, err
		}
		return &limitedFileAt{limitedFile: lf, ra: ra}, nil
	}
	return lf, nil
}

// check compares n bytes of an entry with the entry and ratio limits.
func (l *limitedFS) check(name string, n, compressed int64, verb string) error {
	if l.lim.EntryBytes > 0 && n > l.lim.EntryBytes {
		return limitError(l.entry(name), verb+" more than", l.lim.EntryBytes, settingEntry)
	}
	if l.lim.Ratio > 0 && compressed > 0 && n > ratioFloor && n/compressed >= l.lim.Ratio {
		return &core.Error{Code: core.ETOOLARGE, Field: l.entry(name),
			Message: fmt.Sprintf("%s %d bytes from %d compressed, over the limit of %d:1 (%s) / 压缩比超出导入上限",
				verb, n, compressed, l.lim.Ratio, settingRatio)}
	}
	return nil
}

// count adds n bytes to the bundle's total.
func (l *limitedFS) count(name string, n int64) error {
	if t := l.total.Add(n); l.lim.TotalBytes > 0 && t > l.lim.TotalBytes {
		return limitError(l.entry(name), "the bundle's files hold more than", l.lim.TotalBytes, settingTotal)
	}
	return nil
}

// limitedFile counts the bytes read from one file.
type limitedFile struct {
	fs.File
	fs         *limitedFS
	name       string
	compressed int64
	read       int64
	err        error // once over a limit, always over it
}

func (f *limitedFile) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.File.Read(p)
	f.read += int64(n)
	if lerr := f.fs.check(f.name, f.read, f.compressed, "expands to"); lerr != nil {
		f.err = lerr
		return 0, lerr
	}
	if lerr := f.fs.count(f.name, int64(n)); lerr != nil {
		f.err = lerr
		return 0, lerr
	}
	return n, err
}

// limitedFileAt is a file on disk, read at offsets: counted in full when
// opened.
type limitedFileAt struct {
	*limitedFile
	ra io.ReaderAt
}

func (f *limitedFileAt) Read(p []byte) (int, error) {
	if f.limitedFile.err != nil {
		return 0, f.limitedFile.err
	}
	n, err := f.File.Read(p)
	f.read += int64(n)
	if lerr := f.fs.check(f.name, f.read, 0, "grew to"); lerr != nil {
		f.limitedFile.err = lerr
		return 0, lerr
	}
	return n, err
}

func (f *limitedFileAt) ReadAt(p []byte, off int64) (int, error) {
	if f.fs.lim.EntryBytes > 0 && off+int64(len(p)) > f.fs.lim.EntryBytes+1 {
		return 0, limitError(f.fs.entry(f.name), "grew to more than", f.fs.lim.EntryBytes, settingEntry)
	}
	return f.ra.ReadAt(p, off)
}

// readAll reads one whole file through the limits. fs.ReadFile would
// allocate what the header claims before reading a byte.
func readAll(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// checkEntries refuses an archive with more entries than the limit before
// anything in it is read.
func checkEntries(p string, zr *zip.Reader, lim Limits) error {
	if lim.Entries > 0 && len(zr.File) > lim.Entries {
		return &core.Error{Code: core.ETOOLARGE, Field: p,
			Message: fmt.Sprintf("the archive has %d entries, over the limit of %d (%s) / 压缩包条目数超出导入上限",
				len(zr.File), lim.Entries, settingEntries)}
	}
	return nil
}

// CheckArchive refuses, from its headers alone, an archive that could not
// be read within the limits: too many entries, an entry or all of them
// claiming more than allowed, an entry claiming a bomb's ratio. It reads
// no entry, so a server can answer an upload at once; the limits are
// checked again on the bytes when the bundle is read.
func CheckArchive(p string, lim Limits) error {
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return nil
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return core.FieldErrorf("bundle", "not a readable zip: %v", err)
	}
	defer zr.Close()
	if err := checkEntries(p, &zr.Reader, lim); err != nil {
		return err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	l := newLimitedFS(nil, p, lim, fi.Size())
	// Every entry is checked, folders too: the mode bits that make an entry
	// a folder are the archive's claim, and zip opens by name.
	for _, f := range zr.File {
		claimed := int64(min(f.UncompressedSize64, 1<<62))
		compressed := int64(min(f.CompressedSize64, uint64(fi.Size())))
		if err := l.check(f.Name, claimed, compressed, "claims to hold"); err != nil {
			return err
		}
		if err := l.count(f.Name, claimed); err != nil {
			return err
		}
	}
	return nil
}
