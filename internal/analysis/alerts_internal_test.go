package analysis

import (
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/screen"
)

// TestTransshipmentPartyAlert: a declaration routed through a consignee to
// a listed end user raises an alert on the consignee — its id in
// parties.csv where the name is one of theirs — once for all its
// declarations.
func TestTransshipmentPartyAlert(t *testing.T) {
	f := core.Finding{Code: screen.Transshipment, Severity: core.SeverityHigh, Channel: core.ChannelRed,
		Evidence: map[string]any{"consignee": "Steppe Metals TOO", "end_user": "Northwind Defense Systems LLC", "list": "CN-UEL"}}
	// The route detector's finding names no list: it alerts the parties
	// it implicates itself.
	route := core.Finding{Code: screen.Transshipment, Severity: core.SeverityHigh, Channel: core.ChannelRed,
		Evidence: map[string]any{"consignee": "Nova Polar Resources FZE"}}
	rs := []screen.Result{
		{DeclarationNo: "1", Findings: []core.Finding{f}},
		{DeclarationNo: "2", Findings: []core.Finding{f}},
		{DeclarationNo: "3", Findings: []core.Finding{route}},
	}
	var got []Alert
	for _, a := range alerts(rs, []*core.Party{{ID: "P7", Name: "Steppe Metals TOO"}}, nil) {
		if a.SubjectType == "party" {
			got = append(got, a)
		}
	}
	if len(got) != 1 || got[0].SubjectID != "P7" || got[0].Code != screen.Transshipment {
		t.Fatalf("party alerts: %+v", got)
	}
	if ds, _ := got[0].Evidence["declarations"].([]string); len(ds) != 2 {
		t.Errorf("declarations: %v", got[0].Evidence["declarations"])
	}
}
