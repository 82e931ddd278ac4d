package trace_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/store/storetest"
	"orewatch/internal/trace"
)

const (
	mineA    = "urn:orewatch:site:91431300MA4LTB0012:mine"
	smelterB = "urn:orewatch:site:91450100MA5KGE002J"
	traderC  = "urn:orewatch:site:91360700MA3RRE003T"
	lot      = "urn:orewatch:lot:"
)

func qty(class string, q float64) map[string]any {
	return map[string]any{"epcClass": lot + class, "quantity": q, "uom": "KGM"}
}

func event(id, typ, at, step, site string, extra map[string]any) map[string]any {
	e := map[string]any{"type": typ, "eventID": "urn:uuid:00000000-0000-4000-8000-0000000000" + id, "eventTime": at,
		"eventTimeZoneOffset": "+08:00", "bizStep": step, "bizLocation": map[string]any{"id": site}}
	if typ == "ObjectEvent" {
		e["action"] = "OBSERVE"
	}
	for k, v := range extra {
		e[k] = v
	}
	return e
}

// chain: two concentrate lots → ingot I1 (smelter B) → shipped to C → oxide
// O1 → exported under declaration 530120250000000001.
func chain() []byte {
	evs := []any{
		event("01", "ObjectEvent", "2025-01-05T08:00:00+08:00", "commissioning", mineA, map[string]any{"action": "ADD", "quantityList": []any{qty("antimony-concentrate:L1", 10000)}}),
		event("02", "ObjectEvent", "2025-01-06T08:00:00+08:00", "commissioning", mineA, map[string]any{"action": "ADD", "quantityList": []any{qty("antimony-concentrate:L2", 8000)}}),
		event("03", "TransformationEvent", "2025-01-10T08:00:00+08:00", "commissioning", smelterB, map[string]any{
			"inputQuantityList": []any{qty("antimony-concentrate:L1", 10000), qty("antimony-concentrate:L2", 8000)}, "outputQuantityList": []any{qty("antimony-ingot:I1", 9900)}}),
		event("04", "ObjectEvent", "2025-01-12T08:00:00+08:00", "shipping", smelterB, map[string]any{"quantityList": []any{qty("antimony-ingot:I1", 9900)},
			"sourceList":      []any{map[string]any{"type": "owning_party", "source": "urn:orewatch:party:91450100MA5KGE002J"}},
			"destinationList": []any{map[string]any{"type": "owning_party", "destination": "urn:orewatch:party:91360700MA3RRE003T"}}}),
		event("05", "TransformationEvent", "2025-01-20T08:00:00+08:00", "commissioning", traderC, map[string]any{
			"inputQuantityList": []any{qty("antimony-ingot:I1", 9900)}, "outputQuantityList": []any{qty("antimony-trioxide:O1", 11500)}}),
		event("06", "ObjectEvent", "2025-01-25T08:00:00+08:00", "departing", traderC, map[string]any{"quantityList": []any{qty("antimony-trioxide:O1", 11500)},
			"bizTransactionList": []any{map[string]any{"type": "desadv", "bizTransaction": "urn:orewatch:declaration:530120250000000001"}}}),
	}
	doc := map[string]any{"@context": []any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}, "type": "EPCISDocument",
		"schemaVersion": "2.0", "creationDate": "2025-02-01T00:00:00Z", "epcisBody": map[string]any{"eventList": evs}}
	b, _ := json.Marshal(doc)
	return b
}

func lots(n *trace.Node) []string {
	out := []string{strings.TrimPrefix(n.Lot, lot)}
	for _, c := range n.Children {
		out = append(out, lots(c)...)
	}
	return out
}

func TestTrace(t *testing.T) {
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		if res, err := epcis.Capture(ctx, s, v, chain(), time.Now(), audit.Actor{Name: "test"}); err != nil || res.Stored != 6 {
			t.Fatalf("capture: %+v %v", res, err)
		}
		back, err := trace.Trace(ctx, s.Events(), "antimony-trioxide:O1", trace.Backward, 6)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(lots(back), ","); got != "antimony-trioxide:O1,antimony-ingot:I1,antimony-concentrate:L1,antimony-concentrate:L2" {
			t.Errorf("backward: %s", got)
		}
		if len(back.Declarations) != 1 || back.Declarations[0] != "530120250000000001" {
			t.Errorf("declarations %v", back.Declarations)
		}
		ingot := back.Children[0]
		if ingot.Via != "urn:uuid:00000000-0000-4000-8000-000000000005" || len(ingot.Steps) != 3 {
			t.Errorf("ingot node: via %s, %d steps", ingot.Via, len(ingot.Steps))
		}
		var shipped *trace.Step
		for i := range ingot.Steps {
			if ingot.Steps[i].BizStep == "shipping" {
				shipped = &ingot.Steps[i]
			}
		}
		if shipped == nil || shipped.Enterprise != "91450100MA5KGE002J" || len(shipped.To) != 1 || shipped.Quantity != "9900" {
			t.Errorf("shipping step %+v", shipped)
		}
		fwd, err := trace.Trace(ctx, s.Events(), "urn:orewatch:lot:antimony-concentrate:L1", trace.Forward, 6)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(lots(fwd), ","); got != "antimony-concentrate:L1,antimony-ingot:I1,antimony-trioxide:O1" {
			t.Errorf("forward: %s", got)
		}
		if leaf := fwd.Children[0].Children[0]; len(leaf.Declarations) != 1 {
			t.Errorf("forward leaf declarations %v", leaf.Declarations)
		}
		if one, _ := trace.Trace(ctx, s.Events(), "antimony-trioxide:O1", trace.Backward, 1); len(one.Children) != 1 || len(one.Children[0].Children) != 0 {
			t.Errorf("depth 1 went deeper")
		}
		if _, err := trace.Trace(ctx, s.Events(), "antimony-ingot:NOPE", trace.Backward, 3); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("unknown lot: %v", err)
		}
		for _, bad := range []string{"nolot", "urn:orewatch:lot:onlymaterial"} {
			if _, err := trace.Trace(ctx, s.Events(), bad, trace.Backward, 3); core.ErrorCode(err) != core.EINVALID {
				t.Errorf("%s: %v", bad, err)
			}
		}
	})
}
