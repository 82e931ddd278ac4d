package core

import (
	"fmt"
	"strings"
)

// USCC is an 18-character unified social credit code (统一社会信用代码,
// GB 32100-2015), the key of an enterprise in the ledger.
type USCC string

// usccAlphabet is the code's character set: digits and capital letters
// without I, O, S, V and Z, in the order that gives each its value.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ParseUSCC normalises s (trims, upper-cases, folds full-width characters)
// and verifies the character set, the administrative-division digits and
// the check character.
func ParseUSCC(s string) (USCC, error) {
	s = strings.ToUpper(strings.TrimSpace(foldFullWidth(s)))
	if n := len([]rune(s)); n != 18 {
		return "", fmt.Errorf("unified social credit code %q has %d characters, want 18", s, n)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, s[i])
		if v < 0 {
			return "", fmt.Errorf("unified social credit code %q: character %d (%q) is not allowed", s, i+1, s[i])
		}
		if i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9') {
			return "", fmt.Errorf("unified social credit code %q: characters 3-8 must be the division code digits", s)
		}
		sum += v * usccWeights[i]
	}
	want := usccAlphabet[(31-sum%31)%31]
	if s[17] != want {
		return "", fmt.Errorf("unified social credit code %q: check character is %q, want %q", s, s[17], want)
	}
	return USCC(s), nil
}

// USCCCheckChar returns the check character for the first 17 characters of
// a code; the simulator and tests use it to make valid codes.
func USCCCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 characters, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("character %d (%q) is not allowed", i+1, first17[i])
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], nil
}

// Division returns the six-digit administrative division code (GB/T 2260)
// embedded in the code: where the enterprise was registered.
func (u USCC) Division() string {
	if len(u) != 18 {
		return ""
	}
	return string(u[2:8])
}

// foldFullWidth maps full-width ASCII (Ａ, １) to ASCII, as Chinese input
// methods often produce it.
func foldFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		if r == 0x3000 {
			return ' '
		}
		return r
	}, s)
}
