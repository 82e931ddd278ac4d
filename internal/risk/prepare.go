package risk

import (
	"sync"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// prepared is what every Detect over one Input derives from its
// manifests, prices and materials, whatever the items: a live judge runs
// the detectors once per lodging over a few hundred items, and deriving
// these from every manifest and price each time cost more than the
// detectors themselves.
type prepared struct {
	byHS      map[string]*catalog.Material
	prices    map[string][]pricePoint
	manifests *manifestIndex
	// mu guards the caches below: live judges Detect over one prepared
	// Input at once.
	mu sync.RWMutex
	// lookups caches the catalogue's answers across Detects: the same
	// codes and days recur in every population.
	lookups map[lookupKey]*catalog.Answer
	// folds caches goods names folded for matching (textnorm.Fold), which
	// repeat across declarations; at most maxFolds names.
	folds map[string]string
	// groups caches sensitive's answer per item: a live judge weighs the
	// same stored items on every lodging, and each detector asks. At most
	// maxGroups items, which it keeps alive until the next refresh: a
	// judgement's populations hold a few thousand.
	groups map[*core.DeclarationItem]string
}

const (
	maxFolds  = 1 << 16
	maxGroups = 1 << 16
)

// fold is textnorm.Fold, cached across Detects of a prepared Input.
func (x *detector) fold(s string) string {
	p := x.in.prep
	if p == nil {
		return textnorm.Fold(s)
	}
	return remember(p, p.folds, s, maxFolds, textnorm.Fold)
}

// remember is m[k], computed by f and kept while m holds fewer than max
// entries; p.mu guards m. Detects of one prepared Input run side by side.
func remember[K comparable, V any](p *prepared, m map[K]V, k K, max int, f func(K) V) V {
	p.mu.RLock()
	v, ok := m[k]
	p.mu.RUnlock()
	if ok {
		return v
	}
	v = f(k)
	p.mu.Lock()
	if len(m) < max {
		m[k] = v
	}
	p.mu.Unlock()
	return v
}

// lookup is the cached answer for k, if any.
func (p *prepared) lookup(k lookupKey) (*catalog.Answer, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	a, ok := p.lookups[k]
	return a, ok
}

func (p *prepared) keep(k lookupKey, a *catalog.Answer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.lookups) < maxLookups { // it lives until the next refresh
		p.lookups[k] = a
	}
}

// manifestIndex holds the manifests by bill of lading and by container.
type manifestIndex struct {
	byBL        map[string][]*core.Manifest
	byContainer map[string]*core.Manifest
	// shared are the rows of the containers that have several (a
	// container on more than one bill, or reused), in the manifest's order.
	shared   map[string][]*core.Manifest
	usualBox Container
}

// voyageRows are container c's manifest rows for one voyage: those on
// onBill's bills, or, where the declarations name no bill (billed false),
// its only row. A box is used on many voyages: its rows under other bills
// are other voyages' (a container of Vietnam-bound presses once
// discharged at Los Angeles; titanium dioxide a year apart).
func (ix *manifestIndex) voyageRows(c string, onBill func(bl string) bool, billed bool) []*core.Manifest {
	rows := ix.inContainer(c)
	if !billed {
		if len(rows) == 1 {
			return rows
		}
		return nil
	}
	var out []*core.Manifest
	for _, m := range rows {
		if onBill(m.BillOfLading) {
			out = append(out, m)
		}
	}
	return out
}

// inContainer are the manifest rows of container c (normalised).
func (ix *manifestIndex) inContainer(c string) []*core.Manifest {
	if ms, ok := ix.shared[c]; ok {
		return ms
	}
	if m, ok := ix.byContainer[c]; ok {
		return []*core.Manifest{m}
	}
	return nil
}

// Prepare derives once what the detectors would derive on every Detect;
// the Input returned detects the same, faster. Its Items are not read;
// several goroutines may Detect with it at once.
func Prepare(in Input) Input {
	x := newDetector(in)
	p := &prepared{byHS: x.byHS, prices: x.priceTable(), manifests: x.indexManifests(), lookups: map[lookupKey]*catalog.Answer{}, folds: map[string]string{},
		groups: map[*core.DeclarationItem]string{}}
	in.prep = p
	return in
}

// manifests is the index of the Input's manifests, built at most once.
func (x *detector) manifests() *manifestIndex {
	if x.in.prep != nil {
		return x.in.prep.manifests
	}
	if x.ix == nil {
		x.ix = x.indexManifests()
	}
	return x.ix
}

func (x *detector) indexManifests() *manifestIndex {
	// At a million manifest rows this index was the largest thing the
	// detectors kept (545 MB): a bill's rows are byBL's, a container's
	// byContainer's unless it has several. Which rows travel together is
	// decided with the declarations' dates (shipments): a manifest gives
	// none, and a container is used on many voyages.
	ix := &manifestIndex{byBL: map[string][]*core.Manifest{}, byContainer: map[string]*core.Manifest{},
		shared: map[string][]*core.Manifest{}}
	for _, m := range x.in.Manifests {
		c := normContainer(m.ContainerNo)
		ix.byBL[m.BillOfLading] = append(ix.byBL[m.BillOfLading], m)
		if prev, ok := ix.byContainer[c]; ok {
			if _, ok := ix.shared[c]; !ok {
				ix.shared[c] = []*core.Manifest{prev}
			}
			ix.shared[c] = append(ix.shared[c], m)
		}
		ix.byContainer[c] = m
	}
	ix.usualBox = x.modalContainer()
	return ix
}

// join is a union-find over string keys, over the components of base
// (flattened roots of an earlier join) when given.
type join struct {
	parent map[string]string
	base   map[string]string
}

func newJoin(base map[string]string) *join {
	return &join{parent: map[string]string{}, base: base}
}

func (j *join) find(k string) string {
	p, ok := j.parent[k]
	if !ok {
		if r, ok := j.base[k]; ok && r != k {
			j.parent[k] = r
			return j.find(r)
		}
		j.parent[k] = k
		return k
	}
	if p == k {
		return k
	}
	r := j.find(p)
	j.parent[k] = r
	return r
}

func (j *join) union(a, b string) { j.parent[j.find(a)] = j.find(b) }
