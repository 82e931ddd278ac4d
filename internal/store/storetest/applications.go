package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

// testApplications: an application is numbered, read back whole, changed
// only from the revision it was read at, listed by exporter, province,
// status and consulted agency, with its steps and files in order.
func testApplications(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	qty, _ := core.ParseDecimal("1500")
	mk := func(uscc core.USCC, province string) *core.LicenceApplication {
		a := &core.LicenceApplication{ExporterUSCC: uscc, Province: province, Status: core.AppDraft, CreatedBy: "ex", CreatedAt: at, UpdatedAt: at,
			Form: core.ApplicationForm{Kind: core.KindSingle, DestinationCountry: "DE", EndUse: "半导体衬底 semiconductor substrates",
				Items: []core.ApplicationItem{{HSCode: "8112921010", GoodsName: "未锻轧镓", Quantity: qty, Unit: "kg", Currency: "CNY"}}}}
		if err := s.Applications().Create(c, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := mk("91430100MA4L000001", "43")
	b := mk("91360100MA4L000002", "36")
	if a.ID != "LA2026000001" || b.ID != "LA2026000002" || a.Revision != 1 {
		t.Fatalf("ids %s %s, revision %d", a.ID, b.ID, a.Revision)
	}
	got, err := s.Applications().Get(c, a.ID)
	if err != nil || got.Form.Items[0].Quantity != qty || got.Form.EndUse != a.Form.EndUse || !got.CreatedAt.Equal(at) {
		t.Fatalf("read back %+v, %v", got, err)
	}
	mustCode(t, func() error { _, err := s.Applications().Get(c, "LA2026999999"); return err }(), core.ENOTFOUND)

	got.Status, got.Consulted = core.AppConsulting, []string{"MIIT", "GAC"}
	if err := s.Applications().Update(c, got); err != nil || got.Revision != 2 {
		t.Fatalf("update: %v, revision %d", err, got.Revision)
	}
	stale := *a // still at revision 1
	stale.Status = core.AppWithdrawn
	mustCode(t, s.Applications().Update(c, &stale), core.ECONFLICT)

	list := func(f core.ApplicationFilter) []string {
		as, err := s.Applications().List(c, f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range as {
			ids = append(ids, a.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		name string
		f    core.ApplicationFilter
		want int
	}{
		{"all", core.ApplicationFilter{}, 2},
		{"exporter", core.ApplicationFilter{ExporterUSCC: b.ExporterUSCC}, 1},
		{"province", core.ApplicationFilter{Province: "43"}, 1},
		{"status", core.ApplicationFilter{Statuses: []core.ApplicationStatus{core.AppDraft, core.AppSubmitted}}, 1},
		{"consulted", core.ApplicationFilter{ConsultedAgency: "GAC"}, 1},
		{"not consulted", core.ApplicationFilter{ConsultedAgency: "GA"}, 0},
	} {
		if ids := list(tt.f); len(ids) != tt.want {
			t.Errorf("%s: %v, want %d", tt.name, ids, tt.want)
		}
	}
	if ids := list(core.ApplicationFilter{}); ids[0] != b.ID {
		t.Errorf("newest first: %v", ids)
	}

	for i, action := range []string{"create", "submit"} {
		st := &core.ApplicationStep{ApplicationID: a.ID, At: at.Add(time.Duration(i) * time.Minute), Actor: "ex", Action: action, To: core.AppSubmitted, Note: "备注"}
		if err := s.Applications().AddStep(c, st); err != nil || st.Seq != i+1 {
			t.Fatalf("step %d: %v (seq %d)", i, err, st.Seq)
		}
	}
	steps, err := s.Applications().Steps(c, a.ID)
	if err != nil || len(steps) != 2 || steps[1].Action != "submit" || steps[1].To != core.AppSubmitted || !steps[0].At.Equal(at) {
		t.Fatalf("steps %+v, %v", steps, err)
	}
	f := &core.ApplicationFile{ID: "f1", ApplicationID: a.ID, Kind: "end_user_certificate", Name: "最终用户证明.pdf", Size: 12, SHA256: "ab", Author: "ex", CreatedAt: at}
	if err := s.Applications().AddFile(c, f); err != nil {
		t.Fatal(err)
	}
	if fs, err := s.Applications().Files(c, a.ID); err != nil || len(fs) != 1 || fs[0].Name != f.Name || fs[0].Kind != f.Kind {
		t.Fatalf("files %+v, %v", fs, err)
	}
	if fs, _ := s.Applications().Files(c, b.ID); len(fs) != 0 {
		t.Errorf("b has %d files", len(fs))
	}
}
