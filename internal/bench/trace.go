package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/trace"
)

// Chains writes about n events of lot genealogies into s: each chain
// mines a concentrate lot, smelts it into ingots, ships and receives
// them, processes them into trioxide and exports it (six events). It
// returns the trioxide lots, the ends whose genealogy a trace walks back.
// The events go straight to the store: this measures storage and
// genealogy, not schema validation (BenchmarkCapture does that).
func Chains(ctx context.Context, s core.Store, n int, seed uint64, progress func(done int)) ([]string, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	const perChain, batch = 6, 6000
	var ends []string
	var buf []*core.Event
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := s.WithTx(ctx, func(r core.Repos) error {
			_, err := r.Events().Capture(ctx, "bench", buf)
			return err
		})
		buf = buf[:0]
		return err
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	raw := []byte(`{"type":"ObjectEvent"}`)
	kg := func(v float64) core.Decimal { return core.Decimal(int64(v * 10000)) }
	for c := 0; c*perChain < n; c++ {
		mine, smelter, trader := fmt.Sprintf("91430000BENCH%05d", c%5000), fmt.Sprintf("91430000SMELT%05d", c%500), fmt.Sprintf("91440000TRADE%05d", c%300)
		site := func(u string) string { return "urn:orewatch:site:" + u }
		conc := fmt.Sprintf("urn:orewatch:lot:antimony-concentrate:C%08d", c)
		ingot := fmt.Sprintf("urn:orewatch:lot:antimony-ingot:I%08d", c)
		tri := fmt.Sprintf("urn:orewatch:lot:antimony-trioxide:T%08d", c)
		t := start.Add(time.Duration(c) * time.Minute)
		ckg := 5000 + rng.Float64()*20000
		ev := func(i int, typ, step, loc string, at time.Duration, qs ...core.EventQty) *core.Event {
			return &core.Event{Key: fmt.Sprintf("bench-%d-%d", c, i), EventID: fmt.Sprintf("bench-%d-%d", c, i), Type: typ, EventTime: t.Add(at),
				BizStep: step, BizLocation: site(loc), Action: "OBSERVE", Quantities: qs, Raw: raw, RecordedAt: t}
		}
		q := func(role, class string, v float64) core.EventQty {
			return core.EventQty{Role: role, EPCClass: class, Quantity: kg(v), UOM: "KGM"}
		}
		ship := ev(2, "ObjectEvent", "shipping", smelter, 48*time.Hour, q("quantity", ingot, ckg*0.55))
		ship.Destinations = []core.EventParty{{Type: "owning_party", ID: "urn:orewatch:party:" + trader}}
		exp := ev(5, "ObjectEvent", "departing", trader, 120*time.Hour, q("quantity", tri, ckg*0.64))
		exp.BizTransactions = []core.EventParty{{Type: "desadv", ID: fmt.Sprintf("urn:orewatch:declaration:5316202400%08d", c)}}
		add := ev(0, "ObjectEvent", "commissioning", mine, 0, q("quantity", conc, ckg))
		add.Action = "ADD"
		buf = append(buf, add,
			ev(1, "TransformationEvent", "commissioning", smelter, 24*time.Hour, q("input", conc, ckg), q("output", ingot, ckg*0.55)),
			ship,
			ev(3, "ObjectEvent", "receiving", trader, 72*time.Hour, q("quantity", ingot, ckg*0.55)),
			ev(4, "TransformationEvent", "commissioning", trader, 96*time.Hour, q("input", ingot, ckg*0.55), q("output", tri, ckg*0.64)),
			exp)
		ends = append(ends, tri)
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
		if len(n.Children) == 0 {
			return nil, fmt.Errorf("trace of %s found no inputs", lot)
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
