// Package textnorm folds the many ways one name can be written — Simplified
// or Traditional characters, full-width or half-width forms, upper or lower
// case, odd spacing — into one form for matching. Anything a user types that
// is compared with stored data goes through Fold.
package textnorm

import (
	"bufio"
	"bytes"
	"embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

var (
	t2sOnce sync.Once
	t2s     *opencc.OpenCC
	t2sErr  error
)

// converter loads OpenCC's dictionaries on first use: they take ~50 ms to
// load, which commands that never compare Chinese text should not pay.
func converter() (*opencc.OpenCC, error) {
	t2sOnce.Do(func() { t2s, t2sErr = opencc.New("t2s") })
	return t2s, t2sErr
}

// The converter's own dictionaries (copies; see opencc/README.md) say
// which characters a conversion can change: most Chinese text on a
// declaration holds none, and the converter, which splits every string
// into runes and looks each one up, was a tenth of an analysis' detectors.
//
//go:embed opencc/TSCharacters.txt opencc/TSPhrases.txt
var tsDicts embed.FS

var (
	changingOnce sync.Once
	changing     []uint64 // bit per rune: some entry that changes text holds it
)

// changingRunes marks, for every entry whose conversion differs from it,
// the characters that differ (all of the entry's when the lengths
// differ): an entry can only match text holding all its characters, so
// text holding none of the marked ones matches only entries that leave
// it as it is.
func changingRunes() []uint64 {
	changingOnce.Do(func() {
		changing = make([]uint64, (unicode.MaxRune+1)/64)
		mark := func(r rune) { changing[r/64] |= 1 << (r % 64) }
		for _, name := range []string{"opencc/TSCharacters.txt", "opencc/TSPhrases.txt"} {
			b, err := tsDicts.ReadFile(name)
			if err != nil {
				panic(err) // embedded: a build defect
			}
			sc := bufio.NewScanner(bytes.NewReader(b))
			for sc.Scan() {
				key, vals, ok := strings.Cut(sc.Text(), "\t")
				if !ok {
					continue
				}
				val, _, _ := strings.Cut(vals, " ")
				if key == val {
					continue
				}
				k, v := []rune(key), []rune(val)
				for i, r := range k {
					if len(k) != len(v) || r != v[i] {
						mark(r)
					}
				}
			}
		}
	})
	return changing
}

// mayChange reports whether the converter could change s: it holds a
// marked character, or bytes that are not UTF-8 (which the converter
// replaces).
func mayChange(s string) bool {
	bits := changingRunes()
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return true
		}
		if bits[r/64]&(1<<(r%64)) != 0 {
			return true
		}
		i += size
	}
	return false
}

// ToSimplified converts Traditional characters and phrases to Simplified;
// text without Han characters, or without a character that conversion
// changes, is returned unchanged.
func ToSimplified(s string) string {
	if !hasHan(s) || !mayChange(s) {
		return s
	}
	cc, err := converter()
	if err != nil {
		return s // dictionaries are embedded; failure would be a build defect
	}
	out, err := cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// Fold returns the matching form of s: NFKC (full-width to half-width,
// compatibility forms), Simplified characters, lower case, and single
// spaces between words.
func Fold(s string) string {
	if isASCII(s) {
		// Most fields (codes, countries, Latin names) need only case and
		// spaces folded; skip normalisation and script conversion.
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	// A stray byte stopped NFKC from composing what followed it, so the
	// fold of a fold differed ("0\xf7¼" → "0�¼" → "0�1⁄4"): bad bytes are
	// replaced first, as they would be on the next pass.
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFKC.String(s)
	s = ToSimplified(s)
	s = strings.ToLower(s)
	// Lower case can make a pair that composes: T + U+0308 has no single
	// character, t + U+0308 has ẗ. Composing again keeps Fold idempotent.
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// Contains reports whether needle occurs in haystack once both are folded.
func Contains(haystack, needle string) bool {
	return strings.Contains(Fold(haystack), Fold(needle))
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
