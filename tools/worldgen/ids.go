package main

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// ---------- deterministic randomness ----------

// R is a seeded random source. Every concern forks its own stream so that
// adding draws in one place does not shift the others.
type R struct {
	*rand.Rand
	seed uint64
}

func newR(seed int64, label string) *R {
	h := fnv.New64a()
	h.Write([]byte(label))
	s := uint64(seed)*0x9E3779B97F4A7C15 ^ h.Sum64()
	return &R{rand.New(rand.NewPCG(s, s^0xD1B54A32D192ED03)), s}
}

func (r *R) Fork(label string) *R { return newR(int64(r.seed), label) }

// F returns a float in [a,b).
func (r *R) F(a, b float64) float64 { return a + r.Float64()*(b-a) }

// I returns an int in [a,b] inclusive.
func (r *R) I(a, b int) int {
	if b <= a {
		return a
	}
	return a + r.IntN(b-a+1)
}

// P is true with probability p.
func (r *R) P(p float64) bool { return r.Float64() < p }

func pick[T any](r *R, xs []T) T { return xs[r.IntN(len(xs))] }

func wpick(r *R, w []float64) int {
	t := 0.0
	for _, x := range w {
		t += x
	}
	u := r.Float64() * t
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

func shuffle[T any](r *R, xs []T) {
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

func digits(r *R, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

func upper(r *R, n int) string {
	const L = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(L[r.IntN(len(L))])
	}
	return b.String()
}

// ---------- dates ----------

func day(y, m, d int) time.Time            { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }
func iso(t time.Time) string               { return t.Format("2006-01-02") }
func daysBetween(a, b time.Time) int       { return int(b.Sub(a).Hours() / 24) }
func minT(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// randDay returns a day in [a,b], weighted towards working days and away from
// the Spring Festival holidays.
func randDay(r *R, a, b time.Time) time.Time {
	n := daysBetween(a, b)
	if n <= 0 {
		return a
	}
	for tries := 0; tries < 50; tries++ {
		t := addDays(a, r.IntN(n+1))
		w := 1.0
		switch t.Weekday() {
		case time.Saturday:
			w = 0.3
		case time.Sunday:
			w = 0.12
		}
		if inSpringFestival(t) {
			w *= 0.12
		}
		if r.Float64() < w {
			return t
		}
	}
	return addDays(a, r.IntN(n+1))
}

func inSpringFestival(t time.Time) bool {
	return (!t.Before(day(2025, 1, 27)) && !t.After(day(2025, 2, 5))) ||
		(!t.Before(day(2026, 2, 14)) && !t.After(day(2026, 2, 24)))
}

// ---------- USCC (GB 32100-2015) ----------

const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccW = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func usccCheck(s17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, s17[i]) * usccW[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return usccChars[c]
}

// orgCheck is the GB 11714 check character of an 8-character organisation code.
func orgCheck(s8 string) byte {
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := s8[i]
		v := 0
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	c9 := 11 - sum%11
	switch c9 {
	case 10:
		return 'X'
	case 11:
		return '0'
	}
	return byte('0' + c9)
}

type usccGen struct {
	r    *R
	used map[string]bool
}

// next makes an enterprise USCC registered in the given county.
func (g *usccGen) next(county string) string {
	for {
		var body string
		if g.r.P(0.72) { // post-2015 style organisation code "MA…"
			var b strings.Builder
			b.WriteString("MA")
			for i := 0; i < 6; i++ {
				b.WriteByte(usccChars[g.r.IntN(len(usccChars))])
			}
			body = b.String()
		} else {
			body = digits(g.r, 8)
		}
		org := body + string(orgCheck(body))
		s17 := "91" + county + org
		s := s17 + string(usccCheck(s17))
		if !g.used[s] {
			g.used[s] = true
			return s
		}
	}
}

// ---------- ISO 6346 container numbers ----------

func isoLetterVal(c byte) int {
	v := 10
	for l := byte('A'); l < c; l++ {
		v++
		if v%11 == 0 {
			v++
		}
	}
	return v
}

func containerCheck(s10 string) byte {
	sum := 0
	for i := 0; i < 10; i++ {
		c := s10[i]
		v := 0
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else {
			v = isoLetterVal(c)
		}
		sum += v << uint(i)
	}
	return byte('0' + sum%11%10)
}

var containerOwners = []string{"CBHU", "CSNU", "CCLU", "TGHU", "MSCU", "MEDU", "MSKU", "MRKU", "CMAU", "OOLU", "OOCU", "EGHU", "EMCU", "HLXU", "ONEU", "TCNU", "SEGU", "BMOU", "TEMU", "FCIU", "YMLU", "WHSU", "SITU"}

func containerNo(r *R) string {
	s := pick(r, containerOwners) + digits(r, 6)
	return s + string(containerCheck(s))
}

// ---------- transport documents ----------

func billOfLading(r *R, pol string) string {
	port := "SHA"
	if len(pol) == 5 {
		port = pol[2:]
	}
	switch r.IntN(7) {
	case 0:
		return "COSU" + digits(r, 10)
	case 1:
		return "MAEU" + digits(r, 9)
	case 2:
		return "MEDU" + upper(r, 2) + digits(r, 6)
	case 3:
		return "EGLV" + digits(r, 12)
	case 4:
		return "OOLU" + digits(r, 10)
	case 5:
		return "ONEY" + port + upper(r, 1) + digits(r, 8)
	default:
		return "HLCU" + port + digits(r, 9)
	}
}

var airlinePrefix = []string{"999", "781", "784", "160", "176", "618", "180", "131", "297", "172"}

func airWaybill(r *R) string {
	n := r.IntN(10000000)
	return fmt.Sprintf("%s-%07d%d", pick(r, airlinePrefix), n, n%7)
}

// s10 is a UPU S10 item identifier (EMS), e.g. EA123456785CN.
func s10(r *R) string {
	d := digits(r, 8)
	w := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(d[i]-'0') * w[i]
	}
	c := 11 - sum%11
	if c == 10 {
		c = 0
	} else if c == 11 {
		c = 5
	}
	return "E" + string("ABCDEFGHJKLMNPQRSTUVWXYZ"[r.IntN(24)]) + d + fmt.Sprint(c) + "CN"
}

func expressWaybill(r *R) string {
	switch r.IntN(4) {
	case 0:
		return s10(r)
	case 1:
		return "SF" + digits(r, 13)
	case 2:
		return digits(r, 10) // DHL
	default:
		return "7" + digits(r, 11) // FedEx style
	}
}

func roadManifestNo(r *R, office string) string {
	return office + "R" + digits(r, 2) + digits(r, 8)
}

func railWaybill(r *R) string { return "CRE" + digits(r, 2) + upper(r, 2) + digits(r, 7) }

// ---------- small helpers ----------

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func round(x float64, step float64) float64 {
	if step <= 0 {
		return x
	}
	n := int64(x/step + 0.5)
	return float64(n) * step
}

func uuidFrom(r *R) string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
