package report

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Fonts the PDF may embed, in order of preference. Each covers Simplified
// and Traditional Chinese with TrueType outlines, which is what the PDF
// writer can subset; OpenType fonts with PostScript outlines (Noto CJK's
// .otc) cannot be embedded by it and are not listed. Debian's
// fonts-droid-fallback or fonts-wqy-microhei provide the first two.
var fontPaths = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",                     // Fedora
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", // Fedora
	"/System/Library/Fonts/Supplemental/Songti.ttc",                      // macOS
	"/Library/Fonts/Arial Unicode.ttf",                                   // macOS
	`C:\Windows\Fonts\msyh.ttc`,
	`C:\Windows\Fonts\simsun.ttc`,
}

// ErrNoFont is returned when no font able to write Chinese is found.
var ErrNoFont = fmt.Errorf("no TrueType font with Chinese characters found: install fonts-droid-fallback or fonts-wqy-microhei, or name a .ttf or .ttc file with --pdf-font (OREWATCH_PDF_FONT)")

// Font is a TrueType font ready to embed.
type Font struct {
	Path string
	TTF  []byte
}

// FindFont loads the font at path, or when it is empty the first of the
// usual system paths that exists. A collection (.ttc) gives its first
// face.
func FindFont(path string) (*Font, error) {
	if path != "" {
		return LoadFont(path)
	}
	for _, p := range fontPaths {
		if _, err := os.Stat(p); err == nil {
			return LoadFont(p)
		}
	}
	return nil, ErrNoFont
}

// LoadFont reads a .ttf, or the first face of a .ttc.
func LoadFont(path string) (*Font, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	ttf, err := firstFace(b)
	if err != nil {
		return nil, fmt.Errorf("pdf font %s: %w", filepath.Base(path), err)
	}
	return &Font{Path: path, TTF: ttf}, nil
}

// firstFace returns a TrueType font file for the first face of b. A
// collection keeps its tables where they are, at offsets counted from the
// start of the file, so moving the face's table directory to the start
// makes a file a TrueType reader takes as is: the directory (12 bytes plus
// 16 per table) fits in the collection's header area, which no table uses.
func firstFace(b []byte) ([]byte, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("too short to be a font")
	}
	switch tag := string(b[:4]); {
	case tag == "\x00\x01\x00\x00" || tag == "true":
		return b, nil
	case tag == "OTTO":
		return nil, fmt.Errorf("PostScript outlines (OpenType CFF); a font with TrueType outlines is needed")
	case tag != "ttcf":
		return nil, fmt.Errorf("not a TrueType font or collection")
	}
	if binary.BigEndian.Uint32(b[8:12]) == 0 || len(b) < 16 {
		return nil, fmt.Errorf("an empty font collection")
	}
	off := int(binary.BigEndian.Uint32(b[12:16]))
	if off+12 > len(b) {
		return nil, fmt.Errorf("collection's first face lies outside the file")
	}
	if tag := string(b[off : off+4]); tag == "OTTO" {
		return nil, fmt.Errorf("PostScript outlines (OpenType CFF); a font with TrueType outlines is needed")
	}
	n := int(binary.BigEndian.Uint16(b[off+4 : off+6]))
	size := 12 + 16*n
	if off+size > len(b) {
		return nil, fmt.Errorf("collection's table directory lies outside the file")
	}
	for i := range n {
		rec := b[off+12+16*i:]
		if int(binary.BigEndian.Uint32(rec[8:12])) < off+size {
			return nil, fmt.Errorf("table %q overlaps the collection's header", strings.TrimSpace(string(rec[:4])))
		}
	}
	out := bytes.Clone(b)
	copy(out, b[off:off+size])
	return out, nil
}
