package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/store/storetest"
)

func ledger(t *testing.T, n int) *bundle.Bundle {
	b := &bundle.Bundle{Meta: bundle.Meta{Title: "ledger survey"}}
	for i := range n {
		first := fmt.Sprintf("91430000MA4L%05d", i)
		c, err := core.USCCCheckChar(first)
		if err != nil {
			t.Fatal(err)
		}
		b.Enterprises = append(b.Enterprises, &core.Enterprise{USCC: core.USCC(first + string(c)), Name: fmt.Sprintf("湖南锑业第%d有限公司", i),
			Province: "430000", Segments: []core.Segment{core.SegSmelting}, Minerals: []string{"antimony"}, Status: core.StatusActive})
	}
	return b
}

// TestFailedImportResumes: an import that fails half way is recorded as
// failed with the rows its committed batches wrote, those rows say which
// import wrote them, and importing the same bundle again finishes the job
// without writing them twice — on SQLite and PostgreSQL.
func TestFailedImportResumes(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		b := ledger(t, 5000)
		who := audit.Actor{Name: "li", Agency: "GAC"}
		ctx, cancel := context.WithCancel(context.Background())
		_, err := ingest.Import(ctx, s, b, func(table string, done, total int) {
			if done >= 2000 {
				cancel() // the store stops answering after the first batch
			}
		}, who)
		var ie *ingest.ImportError
		if !errors.As(err, &ie) || ie.Rows != 2000 {
			t.Fatalf("interrupted import: %v", err)
		}
		ims, err := s.Imports().List(context.Background(), 10)
		if err != nil || len(ims) != 1 || ims[0].Status != core.ImportFailed || ims[0].Rows != 2000 || ims[0].Error == "" || ims[0].ID != ie.ID {
			t.Fatalf("imports after the failure: %+v %v", ims, err)
		}
		if tables, err := s.Imports().Tables(context.Background(), ie.ID); err != nil || tables["enterprises"] != 2000 {
			t.Fatalf("rows of the failed import: %v %v", tables, err)
		}
		counts, err := ingest.Import(context.Background(), s, b, nil, who)
		if err != nil {
			t.Fatal(err)
		}
		if counts[0].Table != "enterprises" || counts[0].Changed != 3000 || counts[0].Unchanged != 2000 {
			t.Fatalf("resumed: %+v", counts[0])
		}
		ims, _ = s.Imports().List(context.Background(), 10)
		if len(ims) != 2 || ims[0].Status != core.ImportDone || ims[0].Rows != 5000 {
			t.Fatalf("imports after resuming: %+v", ims)
		}
		if tables, _ := s.Imports().Tables(context.Background(), ims[0].ID); tables["enterprises"] != 3000 {
			t.Errorf("rows of the resuming import: %v", tables)
		}
		if _, total, _ := s.Enterprises().List(context.Background(), core.EnterpriseFilter{Limit: 1}); total != 5000 {
			t.Errorf("%d enterprises stored, want 5000", total)
		}
		if p, _, err := audit.Verify(context.Background(), s); p != nil || err != nil {
			t.Errorf("audit after a failed and a resumed import: %+v %v", p, err)
		}
	})
}
