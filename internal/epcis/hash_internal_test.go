package epcis

import (
	"encoding/json"
	"testing"
)

// The reference reads JSON with Python, so numbers and times must come
// out as Python writes them; every expectation here was checked against
// the reference's own functions.
func TestHashValueForms(t *testing.T) {
	for in, want := range map[string]string{
		"26.0": "26.0", "12.1": "12.1", "0.0001": "0.0001", "0.00001": "1e-05", "1e16": "1e+16",
		"123456789.5": "123456789.5", "-0.5": "-0.5", "12000": "12000", "1.5e300": "1.5e+300",
	} {
		if got := pyNumber(json.Number(in)); got != want {
			t.Errorf("pyNumber(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"26.0": "26", "1.10": "1.1", "0123": "123", "-0.0": "0", "1e20": "100000000000000000000",
		"12abc": "12abc", "nan": "nan", "0x10": "0x10", "KGM": "KGM",
	} {
		if got := canonNumber(in); got != want {
			t.Errorf("canonNumber(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"2019-04-02T15:00:00+01:00":      "2019-04-02T14:00:00.000Z",
		"2023-01-18T11:04:03.1415Z":      "2023-01-18T11:04:03.142Z", // rounded, not cut
		"2023-01-18T11:04:03.0005Z":      "2023-01-18T11:04:03.000Z", // half to even
		"2023-01-18T11:04:03.0015Z":      "2023-01-18T11:04:03.002Z",
		"2023-01-18T23:59:59.9996-02:00": "2023-01-19T02:00:00.000Z", // the reference fails here (microsecond 1,000,000); the standard rounds
		"not a time":                     "not a time",
	} {
		if got := hashTime(in); got != want {
			t.Errorf("hashTime(%s) = %s, want %s", in, got, want)
		}
	}
}
