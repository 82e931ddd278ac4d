package storetest

import (
	"testing"

	"orewatch/internal/core"
)

// testDrawdowns: a licence's drawn total follows every replacement of a
// declaration's draws, and leaves out the declaration asked about.
func testDrawdowns(t *testing.T, s core.Store) {
	c := ctx(t)
	set := func(no string, ds ...core.Drawdown) {
		t.Helper()
		if err := s.WithTx(c, func(r core.Repos) error { return r.Lodgements().SetDrawdowns(c, no, ds) }); err != nil {
			t.Fatal(err)
		}
	}
	drawn := func(lic, except string, want float64) {
		t.Helper()
		got, err := s.Lodgements().Drawn(c, lic, except)
		if err != nil || got != want {
			t.Errorf("Drawn(%s, except %q) = %v, %v; want %v", lic, except, got, err, want)
		}
	}
	drawn("L-A", "", 0)
	set("D-1", core.Drawdown{LicenceNo: "L-A", DeclarationNo: "D-1", ItemNo: 1, Kg: 100.5}, core.Drawdown{LicenceNo: "L-B", DeclarationNo: "D-1", ItemNo: 2, Kg: 7})
	set("D-2", core.Drawdown{LicenceNo: "L-A", DeclarationNo: "D-2", ItemNo: 1, Kg: 40})
	drawn("L-A", "", 140.5)
	drawn("L-A", "D-1", 40)
	drawn("L-B", "", 7)
	// An amendment moves D-1's first item to the other licence and drops
	// its second.
	set("D-1", core.Drawdown{LicenceNo: "L-B", DeclarationNo: "D-1", ItemNo: 1, Kg: 60})
	drawn("L-A", "", 40)
	drawn("L-B", "", 60)
	drawn("L-B", "D-1", 0)
	set("D-2")
	drawn("L-A", "", 0)
	if ds, err := s.Lodgements().Drawdowns(c, "L-B"); err != nil || len(ds) != 1 || ds[0].Kg != 60 {
		t.Errorf("draws on L-B = %+v, %v", ds, err)
	}
}
