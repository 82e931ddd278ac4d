package core

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Decimal is a fixed-point number with four decimal places, used for
// quantities and money so that nothing is ever stored as a binary float.
// 10^4 units make 1; the range is about ±9.2e14, more than any declaration.
type Decimal int64

const decimalScale = 10000

// ParseDecimal reads "1234.5", "1,234.5", "-3", with an optional leading
// sign; "," is a thousands separator only (the spec uses "." as the point).
func ParseDecimal(s string) (Decimal, error) {
	if d, ok := parseDecimalFast(s); ok {
		return d, nil
	}
	return parseDecimalExact(s)
}

// parseDecimalExact reads any number ParseDecimal accepts, in big-number
// arithmetic.
func parseDecimalExact(s string) (Decimal, error) {
	orig := s
	s = strings.TrimSpace(foldFullWidth(s))
	if s == "" {
		return 0, fmt.Errorf("empty number")
	}
	if strings.Contains(s, ",") {
		if !validThousands(s) {
			return 0, fmt.Errorf("number %q: misplaced thousands separator", orig)
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	// Only plain decimals, or scientific notation as spreadsheets write
	// large quantities (1.1668E+06) with an exponent small enough that the
	// number could fit: big.Rat alone would also read 1/2, 0x1p3 and
	// build 1e999999999.
	parts := decimalRe.FindStringSubmatch(s)
	if parts == nil {
		return 0, fmt.Errorf("not a number: %q", orig)
	}
	if parts[1] != "" {
		if exp, err := strconv.Atoi(parts[1]); err != nil || exp < -18 || exp > 18 {
			return 0, fmt.Errorf("number %q is out of range", orig)
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, fmt.Errorf("not a number: %q", orig)
	}
	r.Mul(r, big.NewRat(decimalScale, 1))
	f, _ := r.Float64()
	if math.Abs(f) > math.MaxInt64/2 {
		return 0, fmt.Errorf("number %q is out of range", orig)
	}
	// Round half away from zero to four places.
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Decimal(q.Int64()), nil
}

// decimalRe is a plain decimal with an optional exponent (its digits in
// the group).
var decimalRe = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$`)

// validThousands checks that commas group the integer part by threes.
func validThousands(s string) bool {
	s = strings.TrimLeft(s, "+-")
	intPart := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart = s[:i]
		if strings.Contains(s[i:], ",") {
			return false
		}
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// DecimalFromInt returns n as a Decimal.
func DecimalFromInt(n int64) Decimal { return Decimal(n * decimalScale) }

// Float returns d as a float64, for statistics only (never for storage).
func (d Decimal) Float() float64 { return float64(d) / decimalScale }

// Mul multiplies by a float factor (unit conversions) with rounding.
func (d Decimal) MulFloat(f float64) Decimal { return Decimal(math.Round(float64(d) * f)) }

// String prints the shortest exact form: "12", "12.5", "-0.0001".
func (d Decimal) String() string {
	neg := d < 0
	v := int64(d)
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%d.%04d", v/decimalScale, v%decimalScale)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if neg {
		s = "-" + s
	}
	return s
}

func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the scaled integer, which both databases hold as BIGINT.
func (d Decimal) Value() (driver.Value, error) { return int64(d), nil }

func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*d = Decimal(v)
	case nil:
		*d = 0
	default:
		return fmt.Errorf("cannot scan %T into a decimal", src)
	}
	return nil
}

var _ json.Marshaler = Decimal(0)

// Unit factors to kilograms for the mass units the bundle accepts.
var massUnits = map[string]float64{
	"kg": 1, "kgs": 1, "kilogram": 1, "kilograms": 1, "千克": 1, "公斤": 1, "kgm": 1,
	"t": 1000, "ton": 1000, "tons": 1000, "tonne": 1000, "tonnes": 1000, "mt": 1000, "吨": 1000, "噸": 1000, "公吨": 1000, "公噸": 1000, "tne": 1000,
	"g": 0.001, "gram": 0.001, "grams": 0.001, "克": 0.001, "grm": 0.001,
}

// NormalizeMassUnit returns the canonical unit ("kg", "t" or "g") and its
// factor to kilograms, or ok=false for a unit that is not a mass.
func NormalizeMassUnit(u string) (canon string, toKg float64, ok bool) {
	switch u { // as almost every row gives it: the general way took 350 instructions
	case "kg":
		return "kg", 1, true
	case "t":
		return "t", 1000, true
	case "g":
		return "g", 0.001, true
	}
	f, ok := massUnits[strings.ToLower(strings.TrimSpace(foldFullWidth(u)))]
	if !ok {
		return "", 0, false
	}
	switch f {
	case 1000:
		return "t", f, true
	case 0.001:
		return "g", f, true
	}
	return "kg", f, true
}

// ToKg converts a quantity in a mass unit to kilograms.
func ToKg(q Decimal, unit string) (Decimal, error) {
	_, f, ok := NormalizeMassUnit(unit)
	if !ok {
		return 0, fmt.Errorf("unit %q is not a mass unit (kg, t, g; 千克, 吨, 克)", unit)
	}
	return q.MulFloat(f), nil
}

// parseDecimalFast handles the common form — optional sign, digits, an
// optional point and at most four decimals, no separators — without
// big-number arithmetic. Anything else goes the careful way.
func parseDecimalFast(s string) (Decimal, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	var v int64
	start := i
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		v = v*10 + int64(s[i]-'0')
	}
	digits, frac := i-start, 0
	if i < len(s) {
		if s[i] != '.' {
			return 0, false
		}
		i++
		for from := i; i < len(s); i++ {
			if s[i]-'0' > 9 || i-from == 4 {
				return 0, false
			}
			v = v*10 + int64(s[i]-'0')
		}
		frac = i - (start + digits + 1)
		if frac == 0 {
			return 0, false
		}
	}
	if digits+frac == 0 {
		return 0, false
	}
	if v >= fastLimit[frac] {
		return 0, false // near the range's end: the exact way decides
	}
	v *= pow10[4-frac]
	if s[0] == '-' {
		v = -v
	}
	return Decimal(v), true
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000}

// fastLimit[frac] is where a number with frac decimals reaches 10^18
// ten-thousandths; a table, not a division per number.
var fastLimit = [...]int64{1e14, 1e15, 1e16, 1e17, 1e18}
