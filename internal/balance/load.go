package balance

import (
	"context"
	"fmt"

	"orewatch/internal/core"
)

// AllEvents reads every captured event, page by page, without the stored
// documents the books do not need.
func AllEvents(ctx context.Context, repo core.EventRepo) ([]*core.Event, error) {
	const pageSize = 10000
	var evs []*core.Event
	after := ""
	for {
		page, err := repo.Query(ctx, core.EventFilter{After: after, Limit: pageSize, NoDocument: true})
		if err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		evs = append(evs, page...)
		if len(page) < pageSize {
			return evs, nil
		}
		after = page[len(page)-1].Key
	}
}

// Books is one enterprise's books and leaks, page-ready.
type Books struct {
	Enterprise string    `json:"enterprise"`
	Rows       []Row     `json:"rows"`
	Findings   []Finding `json:"findings"`
}

// ForEnterprise keeps the books from every event and returns one
// enterprise's, optionally one material's and one month's.
func ForEnterprise(ctx context.Context, s core.Store, uscc core.USCC, material, month string, yields Yields, exports []Export) (*Books, error) {
	evs, err := AllEvents(ctx, s.Events())
	if err != nil {
		return nil, err
	}
	ledger := map[string]bool{}
	for off := 0; ; off += 10000 {
		es, total, err := s.Enterprises().List(ctx, core.EnterpriseFilter{Offset: off, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			ledger[string(e.USCC)] = true
		}
		if off+len(es) >= total || len(es) == 0 {
			break
		}
	}
	rows, fs := Compute(evs, exports, ledger, yields, Options{})
	b := &Books{Enterprise: string(uscc), Rows: []Row{}, Findings: []Finding{}}
	for _, r := range rows {
		if r.Enterprise == string(uscc) && (material == "" || r.Material == material) && (month == "" || r.Month == month) {
			b.Rows = append(b.Rows, r)
		}
	}
	for _, f := range fs {
		if f.Enterprise == string(uscc) && (material == "" || f.Material == material) && (month == "" || f.Month == month) {
			b.Findings = append(b.Findings, f)
		}
	}
	return b, nil
}
