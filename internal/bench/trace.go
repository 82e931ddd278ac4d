package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/trace"
)

// Chains writes about n events of lot genealogies into s: each chain
// mines a concentrate lot, then transforms it six times (smelting,
// refining, oxidising, milling, blending, packing), ships and receives the
// product and exports it: ten events. It returns the final lots, the ends
// whose genealogy a trace walks back through all six transformations.
// The events go straight to the store: this measures storage and
// genealogy, not schema validation (BenchmarkCapture does that). writers
// transactions run at once, as when several provinces capture documents
// together; SQLite serialises them, PostgreSQL runs them side by side.
func Chains(ctx context.Context, s core.Store, n, writers int, seed uint64, progress func(done int)) ([]string, error) {
	capture := func(evs []*core.Event) error {
		return s.WithTx(ctx, func(r core.Repos) error {
			_, err := r.Events().Capture(ctx, "bench", evs)
			return err
		})
	}
	if writers <= 1 {
		return Generate(n, seed, capture, progress)
	}
	batches := make(chan []*core.Event)
	errs := make(chan error, writers)
	for range writers {
		go func() {
			var err error
			for evs := range batches {
				if err == nil {
					err = capture(evs)
				}
			}
			errs <- err
		}()
	}
	ends, genErr := Generate(n, seed, func(evs []*core.Event) error {
		batches <- evs
		return nil
	}, progress)
	close(batches)
	var err error
	for range writers {
		err = errors.Join(err, <-errs)
	}
	return ends, errors.Join(genErr, err)
}

// Generate makes the events Chains writes and hands them to emit in
// batches of 30,000 (one transaction each, as a month's EPCIS document of a
// province is captured), so the same rows can go to the store and to a
// COPY baseline.
func Generate(n int, seed uint64, emit func([]*core.Event) error, progress func(done int)) ([]string, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	const perChain, batch, steps = 10, 30000, 6
	var ends []string
	var buf []*core.Event
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := emit(buf)
		buf = nil // emit may keep the batch (a writer goroutine holds it)
		return err
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// Events are stored as captured: a document the size of a real one
	// (GS1's examples and our bundles run 350–650 bytes an event) and a
	// urn:uuid eventID, or the bench would flatter the store.
	raw := []byte(`{"type":"TransformationEvent","eventID":"urn:uuid:6f8f3c1e-0001-4b2a-9d1e-000000000002","eventTime":"2025-02-25T08:00:00+08:00","eventTimeZoneOffset":"+08:00","bizStep":"commissioning","bizLocation":{"id":"urn:orewatch:site:91431300MA4LTB0012"},"inputQuantityList":[{"epcClass":"urn:orewatch:lot:antimony-concentrate:HN-C-0220","quantity":12000,"uom":"KGM"}],"outputQuantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:HN-I-0225","quantity":6.6,"uom":"TNE"}],"bizTransactionList":[{"type":"po","bizTransaction":"urn:orewatch:po:2025-0001"}]}`)
	kg := func(v float64) core.Decimal { return core.Decimal(int64(v * 10000)) }
	for c := 0; c*perChain < n; c++ {
		mine, smelter, trader := fmt.Sprintf("91430000BENCH%05d", c%5000), fmt.Sprintf("91430000SMELT%05d", c%500), fmt.Sprintf("91440000TRADE%05d", c%300)
		site := func(u string) string { return "urn:orewatch:site:" + u }
		lot := func(stage int) string { return fmt.Sprintf("urn:orewatch:lot:antimony-stage-%d:L%08d", stage, c) }
		t := start.Add(time.Duration(c) * time.Minute)
		i := 0
		ev := func(typ, step, loc string, qs ...core.EventQty) *core.Event {
			i++
			id := fmt.Sprintf("urn:uuid:%08x-0000-4000-8000-%012x", c, i)
			return &core.Event{Key: id, EventID: id, Type: typ, EventTime: t.Add(time.Duration(i) * time.Hour),
				BizStep: step, BizLocation: site(loc), Action: "OBSERVE", Quantities: qs, Raw: raw, RecordedAt: t}
		}
		q := func(role, class string, v float64) core.EventQty {
			return core.EventQty{Role: role, EPCClass: class, Quantity: kg(v), UOM: "KGM"}
		}
		amount := 5000 + rng.Float64()*20000
		add := ev("ObjectEvent", "commissioning", mine, q("quantity", lot(0), amount))
		add.Action = "ADD"
		buf = append(buf, add)
		for st := 1; st <= steps; st++ {
			buf = append(buf, ev("TransformationEvent", "commissioning", smelter, q("input", lot(st-1), amount), q("output", lot(st), amount*0.95)))
			amount *= 0.95
		}
		ship := ev("ObjectEvent", "shipping", smelter, q("quantity", lot(steps), amount))
		ship.Destinations = []core.EventParty{{Type: "owning_party", ID: "urn:orewatch:party:" + trader}}
		exp := ev("ObjectEvent", "departing", trader, q("quantity", lot(steps), amount))
		exp.BizTransactions = []core.EventParty{{Type: "desadv", ID: fmt.Sprintf("urn:orewatch:declaration:5316202400%08d", c)}}
		buf = append(buf, ship, ev("ObjectEvent", "receiving", trader, q("quantity", lot(steps), amount)), exp)
		ends = append(ends, lot(steps))
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress((c + 1) * perChain)
			}
		}
	}
	return ends, flush()
}

// TraceTimes walks back the genealogy of q lots picked at random and
// returns each trace's time, sorted.
func TraceTimes(ctx context.Context, s core.Store, lots []string, q int, seed uint64) ([]time.Duration, error) {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]time.Duration, 0, q)
	for i := 0; i < q; i++ {
		lot := lots[rng.IntN(len(lots))]
		t := time.Now()
		n, err := trace.Trace(ctx, s.Events(), lot, trace.Backward, 10)
		if err != nil {
			return nil, err
		}
		depth := 0
		for x := n; len(x.Children) > 0; x = x.Children[0] {
			depth++
		}
		if depth < 6 {
			return nil, fmt.Errorf("trace of %s went %d transformations deep, want 6", lot, depth)
		}
		out = append(out, time.Since(t))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Percentile of sorted durations.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, int(p*float64(len(ds))))]
}
