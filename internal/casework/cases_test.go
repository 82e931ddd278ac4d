package casework_test

import (
	"context"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/casework"
	"orewatch/internal/core"
	"orewatch/internal/store/storetest"
)

func TestCaseLifecycle(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		now := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
		c17 := "91431300MA4LTB001"
		ch, _ := core.USCCCheckChar(c17)
		uscc := core.USCC(c17 + string(ch))
		if _, err := s.Enterprises().Upsert(ctx, &core.Enterprise{USCC: uscc, Name: "X", Province: "430000", Segments: []core.Segment{core.SegExport}, Status: core.StatusActive}); err != nil {
			t.Fatal(err)
		}
		s.Enterprises().AddStatus(ctx, core.StatusChange{USCC: uscc, Status: core.StatusActive, EffectiveOn: core.MustDate("2024-01-01")})
		for _, a := range []*core.Alert{
			{ID: "A1", SubjectType: "enterprise", SubjectID: string(uscc), Code: "FLOW_LEAKAGE", Score: 80, Province: "430000"},
			{ID: "A2", SubjectType: "declaration", SubjectID: "530120250000000001", Code: "LICENCE_MISSING", Score: 90, Province: "430000"},
		} {
			s.Alerts().Raise(ctx, a)
		}
		gac := casework.Officer{Name: "wang", Agency: "GAC", Province: "430000", Role: core.RoleInvestigator}
		mps := casework.Officer{Name: "li", Agency: "MPS", Role: core.RoleInvestigator}
		mofcom := casework.Officer{Name: "zhao", Agency: "MOFCOM", Role: core.RoleInvestigator}
		c, err := casework.Open(ctx, s, gac, "湖南锑流失", []string{"A1", "A2"}, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		if c.LeadAgency != "GAC" || len(c.Subjects) != 2 || c.Province != "430000" {
			t.Fatalf("case %+v", c)
		}
		if a, _ := s.Alerts().Get(ctx, "A1"); a.Status != core.AlertEscalated {
			t.Errorf("alert not escalated: %s", a.Status)
		}
		if _, err := casework.Open(ctx, s, gac, "again", []string{"A1"}, nil, now); core.ErrorCode(err) != core.ECONFLICT {
			t.Errorf("escalating twice: %v", err)
		}
		// Consultation: MPS and MOFCOM invited.
		if c, err = casework.Update(ctx, s, gac, c.ID, "", "", "", []string{"MPS", "mofcom"}, now); err != nil || c.Status != core.CaseConsultation || len(c.Agencies) != 3 {
			t.Fatalf("invite: %+v %v", c, err)
		}
		// Public security's note is private when its author says so; its
		// reply otherwise reaches the lead agency (customs), which works
		// the case, but not commerce.
		if _, err := casework.AddNote(ctx, s, mps, c.ID, "线人称该企业经泰国转口", casework.Share{Private: true}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := casework.AddNote(ctx, s, mofcom, c.ID, "许可证记录无此批次", casework.Share{}, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := casework.AddNote(ctx, s, mps, c.ID, "可与海关共享：集装箱号 MSKU1234565", casework.Share{}, now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		// What the lead agency writes, every invited agency reads.
		if _, err := casework.AddNote(ctx, s, gac, c.ID, "请商务部门核对许可证", casework.Share{}, now.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		seen := func(o casework.Officer) int {
			_, notes, err := casework.Show(ctx, s, o, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(notes)
		}
		if n := seen(gac); n != 3 {
			t.Errorf("customs sees %d notes, want 3 (MOFCOM's, MPS's reply, its own; not MPS's private note)", n)
		}
		if n := seen(mofcom); n != 2 {
			t.Errorf("commerce sees %d notes, want 2 (its own and the lead's)", n)
		}
		if n := seen(mps); n != 4 {
			t.Errorf("public security sees %d notes, want all 4", n)
		}
		outsider := casework.Officer{Name: "sun", Agency: "SAMR", Role: core.RoleInvestigator}
		if _, _, err := casework.Show(ctx, s, outsider, c.ID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("outsider: %v", err)
		}
		if _, err := casework.Update(ctx, s, gac, c.ID, core.CaseClosed, "", "", nil, now); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("closing without disposal: %v", err)
		}
		if _, err := casework.Update(ctx, s, mofcom, c.ID, core.CaseClosed, "ledger_suspension", "", nil, now); core.ErrorCode(err) != core.EFORBIDDEN {
			t.Errorf("closing by a participant: %v", err)
		}
		if c, err = casework.Update(ctx, s, gac, c.ID, core.CaseClosed, "ledger_suspension", "会商决定暂停台账", nil, now); err != nil || c.Disposal != "ledger_suspension" {
			t.Fatalf("close: %+v %v", c, err)
		}
		// The disposal feeds back: suspended in the ledger from that day.
		h, _ := s.Enterprises().History(ctx, uscc)
		if got := core.StatusOn(h, core.MustDate("2025-07-01")); got != core.StatusSuspended {
			t.Errorf("ledger status on the day of disposal: %s", got)
		}
		if got := core.StatusOn(h, core.MustDate("2025-06-30")); got != core.StatusActive {
			t.Errorf("ledger status the day before: %s", got)
		}
		if _, err := casework.AddNote(ctx, s, gac, c.ID, "late", casework.Share{}, now); core.ErrorCode(err) != core.ECONFLICT {
			t.Errorf("note on a closed case: %v", err)
		}
		if p, _, err := audit.Verify(ctx, s); err != nil || p != nil {
			t.Errorf("audit: %+v %v", p, err)
		}
		es, _ := s.Audit().List(ctx, time.Time{}, time.Time{})
		actions := map[string]int{}
		for _, e := range es {
			actions[e.Action]++
		}
		// Three reads shown (the outsider's refused read is not a read).
		if actions["case.open"] != 1 || actions["case.note"] != 4 || actions["case.read"] != 3 || actions["ledger.set-status"] != 1 {
			t.Errorf("audit actions %v", actions)
		}
	})
}
