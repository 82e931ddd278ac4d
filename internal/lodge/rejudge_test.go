package lodge_test

import (
	"context"
	"testing"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/store/storetest"
)

// TestRejudgeAddsWhatLaterDeclarationsShow: a finding the whole store's
// judgement makes on a lodged declaration after the fact is added to its
// answer as a new version with the reason, graded again, alerted; what it
// was told before stays; the same finding again adds nothing, and a
// declaration never lodged is left alone — on SQLite and PostgreSQL.
func TestRejudgeAddsWhatLaterDeclarationsShow(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		d := seed(t, s, "100000")
		who := audit.Actor{Name: "test"}
		first, err := lodge.Lodge(ctx, d, who, body("530120250000000501", 500))
		if err != nil {
			t.Fatal(err)
		}
		if first.Channel != core.ChannelGreen {
			t.Fatalf("lodged %s %v, want green", first.Channel, first.Findings)
		}
		series := core.Finding{Code: "STRUCTURING", ItemNo: 1, Weight: 0.55, Channel: core.ChannelYellow, Severity: core.SeverityMedium,
			Message: "one of 6 small consignments", MessageZh: "6票小额货物之一"}
		added, err := lodge.Rejudge(ctx, s, who, "530120250000000501", []core.Finding{series}, "a series seen later")
		if err != nil || !added {
			t.Fatalf("rejudge: added %v, %v", added, err)
		}
		l, err := s.Lodgements().Get(ctx, "530120250000000501")
		if err != nil {
			t.Fatal(err)
		}
		if l.Version != 2 || l.Channel != core.ChannelYellow {
			t.Errorf("after: version %d channel %s, want 2 and yellow", l.Version, l.Channel)
		}
		vs, _ := s.Lodgements().Versions(ctx, "530120250000000501")
		if len(vs) != 2 || string(vs[0].Body) != string(vs[1].Body) {
			t.Errorf("versions %d; the body must stay the same", len(vs))
		}
		if a, err := s.Alerts().Get(ctx, "DEC-530120250000000501-STRUCTURING"); err != nil || a.Code != "STRUCTURING" {
			t.Errorf("alert: %v %v", a, err)
		}
		if added, err := lodge.Rejudge(ctx, s, who, "530120250000000501", []core.Finding{series}, "again"); err != nil || added {
			t.Errorf("the same finding again: added %v, %v", added, err)
		}
		if added, err := lodge.Rejudge(ctx, s, who, "530120250000000999", []core.Finding{series}, "never lodged"); err != nil || added {
			t.Errorf("a declaration never lodged: added %v, %v", added, err)
		}
	})
}
