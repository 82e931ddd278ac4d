package risk

import (
	"sync"

	"orewatch/internal/core"
)

// Focus names the populations a declaration item is judged within, so
// that a live judge can run the detectors over those alone instead of
// every declaration stored: the same HS code and material (value bands,
// medians of the cover goods), the same mineral group (route surges), the
// same consignee and its cluster (structuring, transshipment), the same
// exporter and its senders' cluster, the same bill of lading and
// containers (weights). A detector that looks at another population
// must add its key here, or the live judgement drifts from the batch one.
type Focus struct {
	mu sync.Mutex // the detector's lookups cache as it goes
	x  *detector
}

// NewFocus prepares the keys for in (its Items are not read). It is safe
// for concurrent use.
func NewFocus(in Input) *Focus {
	x := newDetector(in)
	return &Focus{x: x}
}

// Keys are d's populations.
func (f *Focus) Keys(d *core.DeclarationItem) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	x := f.x
	keys := []string{"hs:" + d.HSCode, "consignee:" + consigneeKey(d), "cluster:" + x.consigneeCluster(d),
		"exporter:" + string(d.ExporterUSCC), "senders:" + x.senderCluster(d.ExporterUSCC)}
	if m := x.material(d.HSCode); m != nil {
		keys = append(keys, "material:"+m.ID)
	}
	if g := x.sensitive(d); g != "" {
		keys = append(keys, "group:"+g)
	}
	if d.BillOfLading != "" {
		keys = append(keys, "bl:"+d.BillOfLading)
	}
	for _, c := range d.Containers {
		keys = append(keys, "container:"+normContainer(c))
	}
	return keys
}

// ShipmentKeys are the population keys of the declarations a manifest row
// concerns: its bill of lading and its container.
func ShipmentKeys(m *core.Manifest) []string {
	return []string{"bl:" + m.BillOfLading, "container:" + normContainer(m.ContainerNo)}
}
