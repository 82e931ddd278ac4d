package bench

import (
	"encoding/json"
	"fmt"
	"time"
)

// EPCISDocument is n shipping events of antimony ingot lots, event ids
// numbered from offset, so that documents with different offsets share no
// event: what a smelter's system sends in one capture.
func EPCISDocument(n, offset int) []byte {
	evs := make([]any, n)
	for i := range evs {
		k := offset + i
		evs[i] = map[string]any{"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
			"eventID":             fmt.Sprintf("urn:uuid:00000000-0000-4000-9000-%012d", k),
			"eventTime":           time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute).Format(time.RFC3339),
			"eventTimeZoneOffset": "+08:00", "bizLocation": map[string]any{"id": fmt.Sprintf("urn:orewatch:site:91431300MA4L%05dX", k%50)},
			"quantityList": []any{map[string]any{"epcClass": fmt.Sprintf("urn:orewatch:lot:antimony-ingot:L%d", k), "quantity": 1000, "uom": "KGM"}}}
	}
	b, _ := json.Marshal(map[string]any{"@context": []any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"},
		"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z", "epcisBody": map[string]any{"eventList": evs}})
	return b
}
