package manifests

import (
	"errors"
	"strings"
	"testing"

	"orewatch/internal/lodge"
)

// TestParse: rows in English and Chinese names, numbers as strings or
// numbers, a bare array or wrapped; every bad cell at its pointer.
func TestParse(t *testing.T) {
	ms, err := Parse([]byte(`{"manifests": [{"bill_of_lading": "COSU6001", "container_no": "MSCU1234565", "vgm_kg": 22000, "tare_kg": "2200", "size": "20GP"},
		{"提运单号": "COSU6001", "集装箱号": "MSCU7654321", "核实总重": "21500"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].VGMKg.String() != "22000" || ms[1].ContainerNo != "MSCU7654321" {
		t.Fatalf("rows %+v %+v", ms[0], ms[1])
	}
	if _, err := Parse([]byte(`[{"bill_of_lading": "B", "container_no": "MSCU1234565", "vgm_kg": 1}]`)); err != nil {
		t.Errorf("a bare array: %v", err)
	}
	for _, tc := range []struct{ body, ptr string }{
		{`{"manifests": [{"bill_of_lading": "B", "container_no": "C", "vgm_kg": "heavy"}]}`, "/manifests/0/vgm_kg"},
		{`{"manifests": [{"bill_of_lading": "B", "container_no": "C", "vgm_kg": 1}, {"bill_of_lading": "B", "vgm_kg": 1}]}`, "/manifests/1/container_no"},
		{`{"manifests": []}`, "/manifests"},
		{`"no"`, ""},
		{`{"manifests": [{"vgm_kg": {"a": 1}}]}`, "/manifests/0/vgm_kg"},
		{`{"manifests": [{}]}`, "/manifests/0"}, // a blank row is neither stored nor passed over
		{`{}`, "/manifests/0"},
	} {
		_, err := Parse([]byte(tc.body))
		var inv *lodge.Invalid
		if !errors.As(err, &inv) {
			t.Errorf("%s: %v, want the problems", tc.body, err)
			continue
		}
		found := false
		for _, p := range inv.Problems {
			found = found || p.Pointer == tc.ptr
		}
		if !found {
			t.Errorf("%s: problems %+v lack %q", tc.body, inv.Problems, tc.ptr)
		}
	}
}

// FuzzParse: any body is rows or problems, never a panic, and every row
// has its keys.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"manifests": [{"bill_of_lading": "COSU6001", "container_no": "MSCU1234565", "vgm_kg": 22000, "tare_kg": "2200"}]}`))
	f.Add([]byte(`[{"提运单号": "B", "集装箱号": "C", "核实总重": "1"}]`))
	f.Add([]byte(`{"manifests": [{"vgm_kg": "１２"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ms, err := Parse(body)
		if err != nil {
			return
		}
		for _, m := range ms {
			if strings.TrimSpace(m.BillOfLading) == "" || strings.TrimSpace(m.ContainerNo) == "" {
				t.Fatalf("a row without its keys: %+v", m)
			}
		}
	})
}
