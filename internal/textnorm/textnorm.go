// Package textnorm folds the many ways one name can be written — Simplified
// or Traditional characters, full-width or half-width forms, upper or lower
// case, odd spacing — into one form for matching. Anything a user types that
// is compared with stored data goes through Fold.
package textnorm

import (
	"strings"
	"sync"
	"unicode"

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

// ToSimplified converts Traditional characters and phrases to Simplified;
// text without Han characters is returned unchanged and costs nothing.
func ToSimplified(s string) string {
	if !hasHan(s) {
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
