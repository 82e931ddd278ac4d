package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// TestGroupedTransactions: concurrent writers share the embedded store's
// transactions (group commit), and each keeps its own outcome — a caller
// whose function fails or panics leaves nothing, the others' work is kept,
// a caller whose context has ended is not run, and the audit chain holds.
func TestGroupedTransactions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const n = 240
	refused := errors.New("refused by the caller")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	errs := make([]error, n)
	panics := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			c := ctx
			if i%30 == 11 {
				c = cancelled
			}
			errs[i] = audit.Change(c, s, audit.Actor{Name: "tester"}, "test.group", fmt.Sprint(i), nil, nil, "", func(r core.Repos) error {
				e := &core.Enterprise{USCC: uscc(i), Name: fmt.Sprintf("企业%d", i), Province: "湖南", RegisteredOn: core.NewDate(2025, time.March, 1)}
				if _, err := r.Enterprises().Upsert(ctx, e); err != nil {
					return err
				}
				switch {
				case i%10 == 3:
					return refused
				case i%20 == 7:
					panic("boom")
				}
				return nil
			})
		})
	}
	wg.Wait()
	kept := 0
	for i := range n {
		_, err := s.Enterprises().Get(ctx, uscc(i))
		stored := err == nil
		switch {
		case i%30 == 11:
			if !errors.Is(errs[i], context.Canceled) || stored {
				t.Errorf("call %d with an ended context: err %v, stored %v", i, errs[i], stored)
			}
		case i%10 == 3:
			if !errors.Is(errs[i], refused) || stored {
				t.Errorf("call %d that failed: err %v, stored %v", i, errs[i], stored)
			}
		case i%20 == 7:
			if panics[i] != "boom" || stored {
				t.Errorf("call %d that panicked: panic %v, stored %v", i, panics[i], stored)
			}
		default:
			if errs[i] != nil || panics[i] != nil || !stored {
				t.Errorf("call %d: err %v, panic %v, stored %v", i, errs[i], panics[i], stored)
			}
			kept++
		}
	}
	rows, err := s.Audit().List(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != kept {
		t.Errorf("%d audit rows for %d kept calls", len(rows), kept)
	}
	if p, _, err := audit.Verify(ctx, s); err != nil || p != nil {
		t.Errorf("audit chain: problem %v, err %v", p, err)
	}
}

func uscc(i int) core.USCC { return core.USCC(fmt.Sprintf("91430000MA%08d", i)) }
