package party

import (
	"math/rand/v2"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestDistancesAgreeWithEdlib: the allocation-free distances give what
// go-edlib gives, on words made of a small alphabet (so that
// transpositions and repeats are frequent), on mixed scripts, and past
// the stack buffers.
func TestDistancesAgreeWithEdlib(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcab锑锭鎢ßé")
	word := func(n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		return string(r)
	}
	for i := 0; i < 20000; i++ {
		a, b := word(rnd.IntN(12)), word(rnd.IntN(12))
		if i%100 == 0 {
			a, b = word(60+rnd.IntN(10)), word(55+rnd.IntN(10))
		}
		if got, want := osaDistance(a, b), edlib.OSADamerauLevenshteinDistance(a, b); got != want {
			t.Fatalf("osaDistance(%q, %q) = %d, edlib %d", a, b, got, want)
		}
		if got, want := levenshtein(a, b), edlib.LevenshteinDistance(a, b); got != want {
			t.Fatalf("levenshtein(%q, %q) = %d, edlib %d", a, b, got, want)
		}
	}
}

func FuzzOSADistance(f *testing.F) {
	f.Add("kestrel", "ketsrel")
	f.Add("大疆", "大江")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := osaDistance(a, b), edlib.OSADamerauLevenshteinDistance(a, b); got != want {
			t.Fatalf("osaDistance(%q, %q) = %d, edlib %d", a, b, got, want)
		}
		if got, want := levenshtein(a, b), edlib.LevenshteinDistance(a, b); got != want {
			t.Fatalf("levenshtein(%q, %q) = %d, edlib %d", a, b, got, want)
		}
	})
}

func BenchmarkOSADistance(b *testing.B) {
	for b.Loop() {
		osaDistance("goldenkestrel", "goldenketsrel")
	}
}

func BenchmarkOSADistanceEdlib(b *testing.B) {
	for b.Loop() {
		edlib.OSADamerauLevenshteinDistance("goldenkestrel", "goldenketsrel")
	}
}
