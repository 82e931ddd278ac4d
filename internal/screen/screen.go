package screen

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/party"
	"orewatch/internal/textnorm"
)

// Finding codes of the deterministic checks (docs/bundle.md).
const (
	ControlUndeclared      = "CONTROL_UNDECLARED"
	LicenceMissing         = "LICENCE_MISSING"
	LicenceInvalid         = "LICENCE_INVALID"
	LicenceMismatch        = "LICENCE_MISMATCH"
	LicenceExceeded        = "LICENCE_EXCEEDED"
	DestinationProhibited  = "DESTINATION_PROHIBITED"
	EndUserListed          = "END_USER_LISTED"
	UnregisteredEnterprise = "UNREGISTERED_ENTERPRISE"
	// Misdeclaration is the risk detectors' code; the checks raise it
	// where a declaration contradicts itself (elements.go).
	Misdeclaration = "MISDECLARATION"
	// Transshipment is the risk detectors' code too; the checks raise it
	// where the declaration itself names a listed end user beyond its
	// consignee's country (parties.go).
	Transshipment = "TRANSSHIPMENT"
)

// LedgerEntry is an enterprise and its dated status history.
type LedgerEntry struct {
	Enterprise *core.Enterprise
	History    []core.StatusChange
}

// StatusOn says whether the enterprise was in the ledger, and how, on d.
// Without a recorded history the registration date and the reported
// status stand in for one.
func (l *LedgerEntry) StatusOn(d core.Date) core.LedgerStatus {
	if len(l.History) > 0 {
		return core.StatusOn(l.History, d)
	}
	e := l.Enterprise
	if !e.RegisteredOn.IsZero() && d.Before(e.RegisteredOn) {
		return ""
	}
	if e.Status == "" {
		return core.StatusActive
	}
	return e.Status
}

// Input is what the checks consult.
type Input struct {
	Catalog  *catalog.Catalog
	Lists    []*core.ListEntry // shipped lists plus the bundle's
	Ledger   map[core.USCC]*LedgerEntry
	Licences map[string]*core.Licence
	Parties  []*core.Party
	// Materials adds to the catalogue's table (bundle materials.csv), for
	// deciding which goods are strategic.
	Materials []*catalog.Material
	// PartyScreener, when set, screens names against Lists already
	// indexed (a server's, shared by every request): building the index
	// costs more than screening one declaration.
	PartyScreener *party.Screener
}

// Result is one declaration's outcome.
type Result struct {
	DeclarationNo string         `json:"declaration_no"`
	Channel       string         `json:"channel"`
	Score         int            `json:"score"`
	Findings      []core.Finding `json:"findings"`
	DeclaredAt    core.Date      `json:"-"`
	ExporterUSCC  core.USCC      `json:"-"`
	Items         int            `json:"-"`
	// Undrawn are the items that cite the declaration's licence but are
	// goods beside the ones it is for (licenceForSiblings): a lodging's
	// drawdown leaves them out, as the screening does.
	Undrawn []int `json:"-"`
}

// Screener runs the checks; it caches what repeats across declarations
// (catalogue answers, party screens) and is not safe for concurrent use.
type Screener struct {
	in      Input
	parties *party.Screener
	// military screens for the store's military end users; built on
	// first use from milParties (most screenings meet no controlled goods
	// and never need it: a lodging builds a Screener per request).
	military   *party.Screener
	milParties []*core.Party
	countries  map[string]string // folded party name → its country (partyCountry)
	strategic  map[string]string // HS code → group, for strategic goods
	lookups    map[lookupKey]*catalog.Answer
	unlisted   map[string]*catalog.Answer // by HS code, for codes no measure lists
	nameSims   map[[3]string]nameMatch
	milNames   map[string]bool
	// milRemarks says which remarks name a military end use: remarks
	// repeat, and reading every item's was a ninth of the screening's
	// instructions.
	milRemarks map[string]bool
	remarks    map[remarksKey]Remarks
	// siblings are the HS codes of the items of each declaration of
	// several items: its remarks speak for all of them.
	siblings map[string][]string
	// declRemarks are the remarks of each declaration of several items,
	// for its rows that leave them blank.
	declRemarks map[string]string
}

// memoLimit caps the caches keyed by free text, which a file of unique
// remarks would otherwise grow without end.
const memoLimit = 1 << 16

type lookupKey struct {
	hs, dest string
	day      core.Date
	military bool
}

// namesAsOf is the day a military party's listed names are read on: far
// ahead, so that an entry listed after the declaration's day still names
// the organisation (an entry since delisted does not).
var namesAsOf = core.MustDate("9999-12-30")

// New prepares a screener.
func New(in Input) *Screener {
	ps := in.PartyScreener
	if ps == nil {
		ps = party.NewScreener(in.Lists)
	}
	s := &Screener{in: in, parties: ps, strategic: map[string]string{},
		lookups: map[lookupKey]*catalog.Answer{}, unlisted: map[string]*catalog.Answer{}, nameSims: map[[3]string]nameMatch{}, milNames: map[string]bool{}, milRemarks: map[string]bool{}, remarks: map[remarksKey]Remarks{}}
	for _, p := range in.Parties {
		if p.Kind == "military" {
			s.milParties = append(s.milParties, p)
		}
	}
	for _, m := range append(append([]*catalog.Material(nil), in.Catalog.Materials...), in.Materials...) {
		if m.Group != "other" && in.Catalog.IsStrategic(m.Group) {
			for _, hs := range m.HSCodes {
				s.strategic[hs] = m.Group
			}
		}
	}
	return s
}

// lookup answers from a cache shared by every item with the same code,
// day, destination and end use; items hold the pointer, not a copy.
func (s *Screener) lookup(hs string, day core.Date, dest string, military bool) *catalog.Answer {
	if a, ok := s.unlisted[hs]; ok {
		return a
	}
	if !s.in.Catalog.Lists(hs) { // most goods: one answer for the code, whatever the day
		a := s.in.Catalog.Lookup(catalog.Query{HS: hs})
		s.unlisted[hs] = &a
		return &a
	}
	k := lookupKey{hs, dest, day, military}
	if a, ok := s.lookups[k]; ok {
		return a
	}
	a := s.in.Catalog.Lookup(catalog.Query{HS: hs, Date: day, Destination: dest, Military: military})
	s.lookups[k] = &a
	return &a
}

// SameParty reports whether two written names are one party, as the
// restricted-party screening would judge it.
func (s *Screener) SameParty(a, b, country string) (bool, float64) {
	k := [3]string{a, b, country}
	m, ok := s.nameSims[k]
	if !ok {
		na, nb := party.Normalize(a), party.Normalize(b)
		m = nameMatch{party.Similarity(na, nb), party.SuffixesDiffer(na, nb, country)}
		if len(s.nameSims) < memoLimit {
			s.nameSims[k] = m
		}
	}
	return m.sim >= party.DefaultThreshold && !m.otherForm, m.sim
}

// nameMatch is how alike a licence's and a declaration's names are, and
// whether their legal forms say they are two companies.
type nameMatch struct {
	sim       float64
	otherForm bool
}

// Run screens every item and returns one result per declaration number,
// in declared_at, declaration_no order. Items are visited in that order
// (then item_no), which is the order licence drawdown is counted in.
func (s *Screener) Run(items []*core.DeclarationItem) []Result {
	sorted, runs := inDrawdownOrder(items)
	s.declRemarks, s.siblings = declarationContext(sorted, s.in.Catalog.Lists)
	drawn := map[string]float64{}   // licence → kg drawn so far
	firstUse := map[string]string{} // single-use licence → declaration that used it
	chunk := s.statelessAll(sorted)
	// A declaration's items are next to each other unless they give
	// different dates; the index finds them when they do not.
	out := make([]Result, 0, runs)
	byDecl := newDeclarationIndex(runs)
	last := -1
	// This loop is the one part that cannot run on every core. It follows
	// the workers chunk by chunk, reads the compact partials and goes to an
	// item only when it has findings or controlled goods.
	var parts []partial
	for i, d := range sorted {
		if i%statelessChunk == 0 {
			parts = chunk(i / statelessChunk)
		}
		p := &parts[i%statelessChunk]
		if last < 0 || out[last].DeclarationNo != d.DeclarationNo {
			var ok bool
			if last, ok = byDecl.find(d.DeclarationNo, len(out)); !ok {
				out = append(out, Result{DeclarationNo: d.DeclarationNo, DeclaredAt: d.DeclaredAt, ExporterUSCC: d.ExporterUSCC, Findings: []core.Finding{}})
			}
		}
		r := &out[last]
		r.Items++
		if len(p.fs) == 0 && !p.controlled && p.lic == nil {
			continue
		}
		from := len(r.Findings)
		head, invalid, mismatch := int(p.head), int(p.invalid), int(p.mismatch)
		licence := p.fs[head : head+invalid+mismatch]
		r.Findings = append(r.Findings, p.fs[:head]...)
		// An item that cites a licence draws on it, whatever the
		// catalogue makes of its code — as a lodging does: a licence
		// holds a quantity, and the declarant says this is part of it.
		if p.beside {
			r.Undrawn = append(r.Undrawn, d.ItemNo)
		}
		if p.controlled || p.lic != nil && !p.beside {
			r.Findings = s.checkLicence(r.Findings, d, p.lic, licence[:invalid], licence[invalid:], drawn, firstUse)
		}
		r.Findings = append(r.Findings, p.fs[head+invalid+mismatch:]...)
		for k := from; k < len(r.Findings); k++ {
			r.Findings[k].ItemNo = d.ItemNo
		}
	}
	out = byDecl.mergeRepeats(out)
	eachRange(len(out), func(from, to int) {
		for i := from; i < to; i++ {
			out[i].Channel, out[i].Score = Grade(out[i].Findings)
		}
	})
	return out
}

// inDrawdownOrder returns the items in the order licence drawdown is
// counted in: declared_at, declaration_no, item_no, and file order where
// those are equal. Exports usually come in that order, or nearly: when
// only a tail is out of order (late corrections, a second export appended)
// the tail is sorted and merged in. A stable merge sort otherwise: pdqsort
// took ten times as long on a file sorted but for its last declarations.
// runs is how many times the declaration number changes along the order,
// plus one: the results the ordered pass makes before repeats are merged.
func inDrawdownOrder(items []*core.DeclarationItem) (sorted []*core.DeclarationItem, runs int) {
	order := func(a, b *core.DeclarationItem) int {
		if c := a.DeclaredAt.Compare(b.DeclaredAt); c != 0 {
			return c
		}
		if c := strings.Compare(a.DeclarationNo, b.DeclarationNo); c != 0 {
			return c
		}
		return cmp.Compare(a.ItemNo, b.ItemNo)
	}
	n, runs := inOrderUpTo(items, order)
	if n >= len(items) {
		return items, runs
	}
	if len(items)-n > len(items)/4 {
		sorted := slices.Clone(items)
		slices.SortStableFunc(sorted, order)
		return sorted, numberRuns(sorted)
	}
	head, tail := items[:n], slices.Clone(items[n:])
	slices.SortStableFunc(tail, order)
	out := make([]*core.DeclarationItem, 0, len(items))
	for len(head) > 0 && len(tail) > 0 {
		if order(tail[0], head[0]) < 0 { // on a tie the earlier row goes first
			out, tail = append(out, tail[0]), tail[1:]
		} else {
			out, head = append(out, head[0]), head[1:]
		}
	}
	out = append(append(out, head...), tail...)
	return out, numberRuns(out)
}

// inOrderUpTo returns how many of the items from the first are in order,
// and, when all are, their numberRuns. It runs on every core: a million
// items' dates and numbers are a million cache misses, which two cores
// wait for in half the time.
func inOrderUpTo(items []*core.DeclarationItem, order func(a, b *core.DeclarationItem) int) (n, runs int) {
	var mu sync.Mutex
	n = len(items)
	eachRange(len(items), func(from, to int) {
		changes := 0
		for i := max(from, 1); i < to; i++ {
			c := order(items[i-1], items[i])
			if c > 0 {
				mu.Lock()
				n = min(n, i)
				mu.Unlock()
				return
			}
			if c < 0 && items[i-1].DeclarationNo != items[i].DeclarationNo {
				changes++
			}
		}
		mu.Lock()
		runs += changes
		mu.Unlock()
	})
	return n, min(runs+1, len(items))
}

// numberRuns counts how many times the declaration number changes along
// items, plus one, on every core.
func numberRuns(items []*core.DeclarationItem) int {
	var runs atomic.Int64
	eachRange(len(items), func(from, to int) {
		n := 0
		for i := max(from, 1); i < to; i++ {
			if items[i-1].DeclarationNo != items[i].DeclarationNo {
				n++
			}
		}
		runs.Add(int64(n))
	})
	return min(int(runs.Load())+1, len(items))
}

// declarationIndex tells the ordered pass whether a declaration number
// has a result already. A declaration's items are next to each other
// unless they give different dates, so a number almost never comes back;
// a map of every number, looked up a million times in turn, was a quarter
// of that pass. Customs' 18-digit numbers go through a bit filter instead:
// a number the filter has not seen is new, and one it may have seen is
// given a result of its own, to be merged into its first in one pass at
// the end (mergeRepeats). Numbers of other forms go in a map.
type declarationIndex struct {
	bits  []uint64
	nums  []uint64 // by result: its declaration number, 0 for other forms
	maybe []int    // results whose number the filter had seen
	str   map[string]int
}

func newDeclarationIndex(n int) *declarationIndex {
	words := 16           // a lodging screens one declaration: 8 KB of bits to clear was a tenth of its screening
	for words*64 < 16*n { // 16 bits a number: under 1.5 % of new numbers are taken for repeats
		words *= 2
	}
	return &declarationIndex{bits: make([]uint64, words), nums: make([]uint64, 0, n), str: map[string]int{}}
}

// find returns the index of no's result, or records next as its index.
func (x *declarationIndex) find(no string, next int) (int, bool) {
	n, ok := declarationNumber(no)
	if !ok {
		if i, ok := x.str[no]; ok {
			return i, true
		}
		x.str[no] = next
		x.nums = append(x.nums, 0)
		return next, false
	}
	h := n * 0x9e3779b97f4a7c15 // two bit positions from one multiplicative hash
	mask := uint64(len(x.bits)*64 - 1)
	b1, b2 := (h>>7)&mask, (h>>35)&mask
	w1, w2 := &x.bits[b1/64], &x.bits[b2/64]
	if *w1&(1<<(b1%64)) != 0 && *w2&(1<<(b2%64)) != 0 {
		x.maybe = append(x.maybe, next)
	}
	*w1 |= 1 << (b1 % 64)
	*w2 |= 1 << (b2 % 64)
	x.nums = append(x.nums, n)
	return next, false
}

// mergeRepeats folds each result whose number came back after other
// declarations into the number's first result: its items are counted
// there and its findings follow the first's, in the order the items were
// screened, as if the first had been found again.
func (x *declarationIndex) mergeRepeats(out []Result) []Result {
	if len(x.maybe) == 0 {
		return out
	}
	first := make(map[uint64]int, len(x.maybe)) // a candidate number → its first result
	for _, k := range x.maybe {
		first[x.nums[k]] = -1
	}
	repeats := false
	for k, n := range x.nums {
		if i, ok := first[n]; ok && n != 0 {
			if i >= 0 {
				repeats = true
				break
			}
			first[n] = k
		}
	}
	if !repeats {
		return out // the filter's false alarms only
	}
	for n := range first {
		first[n] = -1
	}
	kept := out[:0]
	for k, n := range x.nums {
		if i, ok := first[n]; ok && n != 0 {
			if i >= 0 {
				kept[i].Items += out[k].Items
				kept[i].Findings = append(kept[i].Findings, out[k].Findings...)
				kept[i].Undrawn = append(kept[i].Undrawn, out[k].Undrawn...)
				continue
			}
			first[n] = len(kept)
		}
		kept = append(kept, out[k])
	}
	clear(out[len(kept):])
	return kept
}

// declarationNumber reads an 18-digit number that does not start with 0
// (so that two strings never give one number).
func declarationNumber(s string) (uint64, bool) {
	if len(s) != 18 || s[0] == '0' {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// partial is what the order-independent checks found for one item; the
// licence checks, which depend on the order of drawdown, come later. It is
// kept small: the sequential pass reads a million of them.
type partial struct {
	lic *core.Licence
	// fs holds the findings before the licence's, the licence findings
	// known without the items before (invalid, then mismatch), and the
	// findings after, in that order; there is at most one of each kind.
	fs                      []core.Finding
	head, invalid, mismatch uint8
	controlled              bool
	// beside: goods the catalogue does not hold, on a declaration whose
	// other items the licence is for (the licence number is the
	// declaration's, written on every item): not judged against the
	// licence and not drawn on it.
	beside bool
}

// stateless runs the checks that do not depend on other items.
func (s *Screener) stateless(d *core.DeclarationItem) partial {
	var p partial
	if d.LicenceNo != "" {
		p.lic = s.in.Licences[d.LicenceNo]
	}
	// Only goods the catalogue lists can be controlled for a military end
	// user; for the rest the answer is the same either way.
	military := (s.in.Catalog.Lists(d.HSCode) || s.in.Catalog.ReadsText(d.HSCode)) && s.isMilitary(d, p.lic)
	a := s.lookup(d.HSCode, d.DeclaredAt, d.DestinationCountry, military)
	if s.in.Catalog.ReadsText(d.HSCode) {
		// Items without a reference code (Dy-bearing NdFeB magnets) are
		// known by the declaration's words, and items with parameters
		// (high-density graphite) ruled out by a value short of them:
		// not cached, these are few.
		described := s.in.Catalog.Lookup(catalog.Query{HS: d.HSCode, Date: d.DeclaredAt, Destination: d.DestinationCountry,
			Military: military, Text: d.GoodsName + " " + d.GoodsSpec})
		a = &described
	}
	p.controlled = a.Controlled
	if !a.Controlled && p.lic != nil && s.licenceForSiblings(d, p.lic) {
		p.beside = true
	} else if !a.Controlled && p.lic != nil {
		// Goods the catalogue does not hold under their code, declared
		// under a licence alone: the licence still has to be theirs,
		// valid, and for these goods, this destination and this consignee.
		invalid, mismatch := s.licenceFindings(d, a, p.lic)
		p.fs = append(invalid, mismatch...)
		p.invalid, p.mismatch = uint8(len(invalid)), uint8(len(mismatch))
	}
	if a.Controlled {
		if f, ok := s.checkRemarks(d, a); ok {
			p.fs = append(p.fs, f)
			p.head = 1
		}
		invalid, mismatch := s.licenceFindings(d, a, p.lic)
		p.fs = append(append(p.fs, invalid...), mismatch...)
		p.invalid, p.mismatch = uint8(len(invalid)), uint8(len(mismatch))
		licensed := p.lic != nil && len(invalid) == 0 && len(mismatch) == 0
		if f, ok := destinationFinding(d, a, p.lic, licensed); ok {
			if !s.outsideRules(d, a) {
				p.fs = append(p.fs, f)
			}
		} else if f, ok := s.endUserDestination(d, p.lic, military, licensed); ok {
			p.fs = append(p.fs, f)
		}
		if len(a.RuledOut) > 0 {
			doubtful(p.fs, a)
		}
		if els, ok := otherElements(a, d); ok {
			misnamed(p.fs, a, els)
		}
		if f, ok := selfContradicting(d, a); ok {
			p.fs = append(p.fs, f)
		}
	}
	p.fs = append(p.fs, s.checkParties(d, a, p.lic)...)
	p.fs = append(p.fs, s.checkLedger(d, a)...)
	return p
}

// parallelFrom is the number of items from which the order-independent
// checks run on all cores.
var parallelFrom = 4096

// statelessChunk is how many items a worker checks at a time.
const statelessChunk = 4096

// worker is a screener of its own caches for one core, sharing what is
// read only.
func (s *Screener) worker() *Screener {
	w := New(s.in)
	w.siblings, w.declRemarks = s.siblings, s.declRemarks
	return w
}

// statelessAll starts the order-independent checks on every item, on all
// cores for large inputs, a chunk of items at a time in order. chunk(c)
// returns chunk c's partials once they are done, so that the ordered pass
// follows the workers instead of waiting for the last of them; asking for
// chunk c hands chunk c-1's memory back to the workers, which the
// ordered pass is done with (a million partials at once were 40 MB of
// fresh memory). Each worker has its own screener: the caches are not
// shared.
func (s *Screener) statelessAll(items []*core.DeclarationItem) (chunk func(c int) []partial) {
	workers := runtime.GOMAXPROCS(0)
	if len(items) < parallelFrom || workers < 2 {
		parts := make([]partial, len(items))
		for i, d := range items {
			parts[i] = s.stateless(d)
		}
		return func(c int) []partial { return parts[c*statelessChunk:] }
	}
	type chunkParts struct {
		done  chan struct{}
		parts []partial
	}
	chunks := make([]chunkParts, (len(items)+statelessChunk-1)/statelessChunk)
	for c := range chunks {
		chunks[c].done = make(chan struct{})
	}
	free := make(chan []partial, 4*workers)
	var next atomic.Int64
	for range workers {
		go func(sc *Screener) {
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) {
					return
				}
				var parts []partial
				select {
				case parts = <-free:
				default:
					parts = make([]partial, statelessChunk)
				}
				for i := c * statelessChunk; i < min((c+1)*statelessChunk, len(items)); i++ {
					parts[i-c*statelessChunk] = sc.stateless(items[i])
				}
				chunks[c].parts = parts
				close(chunks[c].done)
			}
		}(s.worker())
	}
	return func(c int) []partial {
		if c > 0 {
			used := chunks[c-1].parts
			chunks[c-1].parts = nil
			clear(used) // let go of the findings, now in the results
			select {
			case free <- used:
			default:
			}
		}
		<-chunks[c].done
		return chunks[c].parts
	}
}

// eachRange calls fn on consecutive ranges of [0, n), one per core at
// once for large n, and returns when all are done.
func eachRange(n int, fn func(from, to int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < parallelFrom || workers < 2 {
		fn(0, n)
		return
	}
	size := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for from := 0; from < n; from += size {
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			fn(from, to)
		}(from, min(from+size, n))
	}
	wg.Wait()
}

func measuresOf(a *catalog.Answer) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range a.Items {
		if !seen[it.Measure] {
			seen[it.Measure] = true
			out = append(out, it.Measure)
		}
	}
	return out
}

func expectedCodes(a *catalog.Answer) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range a.Items {
		if it.ControlCode != "" && !seen[it.ControlCode] {
			seen[it.ControlCode] = true
			out = append(out, it.ControlCode)
		}
	}
	return out
}

// listCodes are the unified list's codes of the answer's items that
// have no control code of their own.
func listCodes(a *catalog.Answer) []string {
	var out []string
	for _, it := range a.Items {
		if it.ControlCode == "" && it.ListCode != "" && !slices.Contains(out, it.ListCode) {
			out = append(out, it.ListCode)
		}
	}
	return out
}

func (s *Screener) checkRemarks(d *core.DeclarationItem, a *catalog.Answer) (core.Finding, bool) {
	// 备注 is one field of the declaration: written once, on its first
	// row, it speaks for every item (seen on a world the check was not
	// written against: 143 second items of one declaration "with no
	// statement").
	rm := s.parsedRemarks(d)
	want := expectedCodes(a)
	ev := map[string]any{"hs_code": d.HSCode, "remarks": d.Remarks, "measures": measuresOf(a), "expected_control_codes": want,
		"declared_control_codes": rm.Codes, "item": a.Items[0].NameZh}
	f := core.Finding{Code: ControlUndeclared, Evidence: ev}
	switch {
	case !rm.Stated:
		f.Severity, f.Channel = core.SeverityHigh, core.ChannelRed
		f.MessageZh = fmt.Sprintf("商品编号%s属于管制物项（%s），备注未注明是否属于管制物项及管制编码", d.HSCode, a.Items[0].NameZh)
		f.Message = fmt.Sprintf("HS %s is a controlled item (%s) but the remarks do not state its control status or control code", d.HSCode, a.Items[0].NameEn)
	case !rm.Controlled:
		f.Severity, f.Channel = core.SeverityHigh, core.ChannelRed
		ev["statement"] = rm.Snippet
		f.MessageZh = fmt.Sprintf("备注声明“%s”，但商品编号%s在%s属于管制物项（%s）", rm.Snippet, d.HSCode, d.DeclaredAt, a.Items[0].NameZh)
		f.Message = fmt.Sprintf("remarks state the goods are not controlled (%q) but HS %s was a controlled item on %s (%s)", rm.Snippet, d.HSCode, d.DeclaredAt, a.Items[0].NameEn)
	case len(rm.Codes) == 0 && len(want) > 0:
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		f.MessageZh = "备注注明属于管制物项，但未填写两用物项出口管制编码"
		f.Message = "remarks state the goods are controlled but give no dual-use control code"
	case len(rm.Codes) == 0 && len(listCodes(a)) > 0:
		// The announcement printed no code, but the unified dual-use list
		// gives the item one, and licences are issued under it: the
		// declaration gives it as it gives any other item's (the spec's
		// rule: stated controlled without the right control code).
		list := listCodes(a)
		ev["list_control_codes"] = list
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		f.MessageZh = fmt.Sprintf("备注注明属于管制物项，但未填写两用物项出口管制编码（两用物项出口管制清单编码%s）", strings.Join(list, "、"))
		f.Message = fmt.Sprintf("remarks state the goods are controlled but give no dual-use control code (the dual-use list's code is %s)", strings.Join(list, ", "))
	case len(rm.Codes) == 0:
		// An entry no code is published for anywhere: the statement
		// alone is what the rule can ask for.
		return core.Finding{}, false
	case len(want) > 0 && !anyMatch(rm.Codes, want) && !s.namedSubItem(d, rm.Codes, want):
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		f.MessageZh = fmt.Sprintf("备注管制编码%s与该商品编号对应的管制编码%s不符", strings.Join(rm.Codes, "、"), strings.Join(want, "、"))
		f.Message = fmt.Sprintf("control code %s in the remarks is not the code for this HS code (%s)", strings.Join(rm.Codes, ", "), strings.Join(want, ", "))
	case len(want) == 0 && s.wrongCodes(d, a, rm.Codes, ev):
		// The catalogue has no code for the item, and the code given
		// is another item's or not the one on the licence.
		zh, en := s.codeOwners(d, rm.Codes)
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		f.MessageZh = fmt.Sprintf("备注管制编码%s与该商品不符（目录未载%s的管制编码）：%s", strings.Join(rm.Codes, "、"), a.Items[0].NameZh, zh)
		f.Message = fmt.Sprintf("control code %s in the remarks does not fit the goods (the catalogue holds no code for %s): %s", strings.Join(rm.Codes, ", "), a.Items[0].NameEn, en)
	default:
		return core.Finding{}, false
	}
	return f, true
}

// declarationContext gathers, from items in drawdown order (a
// declaration's items next to each other unless they give different
// dates), what an item's checks read of the other items of its
// declaration: the remarks written once on a row of their own (for
// declarations with an item whose remarks are blank), and the HS codes of
// the items (for declarations that cite a licence or where one item is
// under a listed code: the only ones licenceForSiblings and siblingsCode
// can answer yes for). Most declarations need
// neither, and a map entry for each was a fifth of the ordered pass.
func declarationContext(sorted []*core.DeclarationItem, listed func(hs string) bool) (remarks map[string]string, siblings map[string][]string) {
	remarks, siblings = map[string]string{}, map[string][]string{}
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].DeclarationNo == sorted[i].DeclarationNo {
			j++
		}
		if j-i > 1 {
			run := sorted[i:j]
			first, blank, anyListed := "", false, false
			for _, d := range run {
				if strings.TrimSpace(d.Remarks) == "" {
					blank = true
				} else if first == "" {
					first = d.Remarks
				}
				anyListed = anyListed || d.LicenceNo != "" || listed(d.HSCode)
			}
			no := run[0].DeclarationNo
			if blank && first != "" {
				if _, ok := remarks[no]; !ok {
					remarks[no] = first
				}
			}
			if anyListed {
				if _, ok := siblings[no]; !ok {
					for _, d := range run {
						siblings[no] = append(siblings[no], d.HSCode)
					}
				}
			}
		}
		i = j
	}
	return remarks, siblings
}

// licenceForSiblings says whether lic is for another item of d's
// declaration: one under the licence's own code, or under a code the
// catalogue holds. A declaration of antimony ingots and lead ingots
// cites the antimony's licence on both rows.
func (s *Screener) licenceForSiblings(d *core.DeclarationItem, lic *core.Licence) bool {
	for _, hs := range s.siblings[d.DeclarationNo] {
		if hs != d.HSCode && (hs == lic.HSCode || s.in.Catalog.Lists(hs)) {
			return true
		}
	}
	return false
}

// siblingsCode says whether code is the code of another item of d's
// declaration: one code in remarks that speak for several items may be
// that item's, and is no proof this item's was given wrong.
func (s *Screener) siblingsCode(d *core.DeclarationItem, code string) bool {
	for _, hs := range s.siblings[d.DeclarationNo] {
		if hs == d.HSCode {
			continue
		}
		// Rare (a code of the catalogue's, given for an item without one,
		// on a declaration of several items): not worth a cache.
		for _, it := range s.in.Catalog.Lookup(catalog.Query{HS: hs, Date: d.DeclaredAt}).Items {
			if it.ControlCode != "" && CodeMatches(code, it.ControlCode) || it.ListCode != "" && CodeMatches(code, it.ListCode) {
				return true
			}
		}
	}
	return false
}

// wrongCodes reports whether codes given for an item the catalogue holds
// no code for are wrong: one that is another item's is; one that differs
// from the control code on the declaration's licence is. Any other code
// cannot be judged — the unified dual-use list (in force 2024-12-01)
// gives every listed item a code, and the catalogue lacks some — so the
// evidence records it as unverified instead.
func (s *Screener) wrongCodes(d *core.DeclarationItem, a *catalog.Answer, codes []string, ev map[string]any) bool {
	lic := s.in.Licences[d.LicenceNo]
	// The unified list's code for the item itself is right.
	var listed []string
	for _, it := range a.Items {
		if it.ListCode != "" {
			listed = append(listed, it.ListCode)
		}
	}
	if anyMatch(codes, listed) {
		ev["list_control_codes"] = listed
		return false
	}
	for _, c := range codes {
		if len(s.in.Catalog.ItemsWithCode(c)) > 0 && !s.siblingsCode(d, c) {
			return true
		}
		if lic != nil && lic.ControlCode != "" && !CodeMatches(c, lic.ControlCode) {
			return true
		}
	}
	ev["unverified_control_codes"] = codes
	if len(listed) > 0 {
		ev["list_control_codes"] = listed
	}
	return false
}

// codeOwners says, in both languages, why each declared code does not
// fit: whose it is, or that the licence names another.
func (s *Screener) codeOwners(d *core.DeclarationItem, codes []string) (zh, en string) {
	var zs, es []string
	lic := s.in.Licences[d.LicenceNo]
	for _, c := range codes {
		if items := s.in.Catalog.ItemsWithCode(c); len(items) > 0 {
			zs, es = append(zs, c+"是“"+items[0].NameZh+"”的编码"), append(es, c+" is the code of "+items[0].NameEn)
			continue
		}
		if lic != nil && lic.ControlCode != "" && !CodeMatches(c, lic.ControlCode) {
			zs, es = append(zs, fmt.Sprintf("许可证%s载明的管制编码为%s", lic.No, lic.ControlCode)), append(es, fmt.Sprintf("licence %s gives control code %s", lic.No, lic.ControlCode))
			continue
		}
		zs, es = append(zs, c+"无从核对"), append(es, c+" cannot be verified")
	}
	return strings.Join(zs, "；"), strings.Join(es, "; ")
}

// namedSubItem: a code given is another sub-item of the same entry as the
// codes expected (1C906.b, lutetium oxide, for goods under a code the
// catalogue references for 1C906.c, lutetium compounds) and the goods'
// words name that sub-item. Reference HS codes are only references (参考
// 海关商品编号); the item is what the goods are, and the declarant who
// names it has stated the control rightly (seen on a world the detector
// was not tuned on: lutetium oxide under a compounds code, 555 findings).
func (s *Screener) namedSubItem(d *core.DeclarationItem, codes, want []string) bool {
	text := textnorm.Fold(d.GoodsName + " " + d.GoodsSpec)
	for _, c := range codes {
		entry, _, ok := strings.Cut(strings.ToLower(c), ".")
		if !ok || !slices.ContainsFunc(want, func(w string) bool { return strings.HasPrefix(strings.ToLower(w), entry+".") }) {
			continue
		}
		for _, it := range s.in.Catalog.ItemsWithCode(c) {
			if namesItem(text, it) {
				return true
			}
		}
	}
	return false
}

// namesItem: folded goods words hold the item's own name, without what
// follows it (及其混合物, "and its mixtures", the alloys after a comma).
func namesItem(folded string, it *catalog.Item) bool {
	zh, _, _ := strings.Cut(it.NameZh, "及其")
	zh, _, _ = strings.Cut(zh, "、")
	en, _, _ := strings.Cut(it.NameEn, " and ")
	en, _, _ = strings.Cut(en, ",")
	for _, n := range []string{zh, en} {
		if n = textnorm.Fold(strings.TrimSpace(n)); len(n) >= 4 && strings.Contains(folded, n) {
			return true
		}
	}
	return false
}

func anyMatch(declared, want []string) bool {
	for _, d := range declared {
		for _, w := range want {
			if CodeMatches(d, w) {
				return true
			}
		}
	}
	return false
}

// itemKg is the item's quantity in kilograms: its quantity when declared
// in a mass unit, else its net weight.
func itemKg(d *core.DeclarationItem) float64 {
	if kg, err := core.ToKg(d.Quantity, d.Unit); err == nil {
		return kg.Float()
	}
	return d.NetWeightKg.Float()
}

// licenceFindings are the licence checks that do not depend on the order
// of drawdown: a missing licence, one held by another exporter, not valid
// or out of date, and one that does not cover the goods, destination or
// consignee. They run with the other order-independent checks, on all
// cores; drawdown and single use are counted afterwards, in order.
func (s *Screener) licenceFindings(d *core.DeclarationItem, a *catalog.Answer, lic *core.Licence) (invalid, mismatch []core.Finding) {
	if d.LicenceNo == "" || lic == nil {
		f := core.Finding{Code: LicenceMissing, Severity: core.SeverityHigh, Channel: core.ChannelRed,
			Evidence: map[string]any{"hs_code": d.HSCode, "licence_no": d.LicenceNo, "measures": measuresOf(a)}}
		if d.LicenceNo == "" {
			f.MessageZh = fmt.Sprintf("管制物项（%s）出口未填写两用物项出口许可证号", a.Items[0].NameZh)
			f.Message = fmt.Sprintf("controlled item (%s) exported without a dual-use export licence number", a.Items[0].NameEn)
		} else {
			f.MessageZh = fmt.Sprintf("许可证%s不存在", d.LicenceNo)
			f.Message = fmt.Sprintf("licence %s does not exist", d.LicenceNo)
		}
		return []core.Finding{f}, nil
	}
	invalid = licenceValidity(d, lic)
	// The evidence is built in the one map it ends in: a mismatch is the
	// commonest finding (one item in thirty of the benchmark's).
	var mism, zs []string
	var ev map[string]any
	differs := func(what, whatZh string) {
		if ev == nil {
			ev = make(map[string]any, 14)
		}
		mism, zs = append(mism, what), append(zs, whatZh)
	}
	if lic.HSCode != d.HSCode {
		differs("goods", "商品")
		ev["licence_hs_code"], ev["declared_hs_code"] = lic.HSCode, d.HSCode
	}
	if lic.Destination != d.DestinationCountry {
		differs("destination", "目的国")
		ev["licence_destination"], ev["declared_destination"] = lic.Destination, d.DestinationCountry
	}
	if lic.ConsigneeName != "" {
		if same, sim := s.SameParty(lic.ConsigneeName, d.ConsigneeName, firstNonEmpty(d.ConsigneeCountry, d.DestinationCountry)); !same {
			differs("consignee", "收货人")
			ev["licence_consignee"], ev["declared_consignee"], ev["name_similarity"] = lic.ConsigneeName, d.ConsigneeName, round2(sim)
		}
	}
	if len(mism) > 0 {
		ev["differs"] = mism
		addLicenceEvidence(ev, d, lic)
		mismatch = []core.Finding{{Code: LicenceMismatch, Severity: core.SeverityHigh, Channel: core.ChannelRed,
			MessageZh: "申报的" + strings.Join(zs, "、") + "与许可证" + lic.No + "不符",
			Message:   "declared " + strings.Join(mism, ", ") + " differ from licence " + lic.No, Evidence: ev}}
	}
	return invalid, mismatch
}

// checkLicence appends to dst the licence findings of an item: those
// licenceFindings found without the items before (invalid, mismatch), and
// what depends on them: a single-use licence used again, and the licensed
// quantity exceeded (drawn and firstUse carry that state).
func (s *Screener) checkLicence(dst []core.Finding, d *core.DeclarationItem, lic *core.Licence, invalid, mismatch []core.Finding, drawn map[string]float64, firstUse map[string]string) []core.Finding {
	dst = append(dst, invalid...)
	if d.LicenceNo == "" || lic == nil {
		return dst
	}
	holder := lic.ExporterUSCC == d.ExporterUSCC
	if len(invalid) == 0 && lic.Uses == core.UsesSingle && firstUse[lic.No] != "" && firstUse[lic.No] != d.DeclarationNo {
		dst = append(dst, licenceInvalid(d, lic, fmt.Sprintf("一批一证许可证%s已在报关单%s使用", lic.No, firstUse[lic.No]),
			fmt.Sprintf("single-use licence %s was already used by declaration %s", lic.No, firstUse[lic.No]),
			map[string]any{"first_used_by": firstUse[lic.No]}))
	}
	if holder && lic.Uses == core.UsesSingle && firstUse[lic.No] == "" {
		firstUse[lic.No] = d.DeclarationNo
	}
	dst = append(dst, mismatch...)
	if holder {
		limit, err := core.ToKg(lic.Quantity, lic.Unit)
		if err == nil {
			drawn[lic.No] += itemKg(d)
			if total := drawn[lic.No]; total > limit.Float()+1e-6 {
				dst = append(dst, core.Finding{Code: LicenceExceeded, Severity: core.SeverityHigh, Channel: core.ChannelRed,
					MessageZh: fmt.Sprintf("许可证%s累计出口%.1f千克，超过许可数量%s千克", lic.No, total, limit),
					Message:   fmt.Sprintf("cumulative exports under licence %s reach %.1f kg, above the licensed %s kg", lic.No, total, limit),
					Evidence:  licenceEvidence(d, lic, map[string]any{"licensed_kg": limit.Float(), "cumulative_kg": round2(total), "this_item_kg": round2(itemKg(d))})})
			}
		}
	}
	return dst
}

// licenceValidity: the licence is another exporter's, not valid that day
// by its status, or outside its dates.
func licenceValidity(d *core.DeclarationItem, lic *core.Licence) (out []core.Finding) {
	switch {
	case lic.ExporterUSCC != d.ExporterUSCC:
		out = append(out, licenceInvalid(d, lic, fmt.Sprintf("许可证%s的持证人为%s，不是出口经营者%s", lic.No, lic.ExporterUSCC, d.ExporterUSCC),
			fmt.Sprintf("licence %s is held by %s, not by the exporter %s", lic.No, lic.ExporterUSCC, d.ExporterUSCC), nil))
	case lic.StatusOn(d.DeclaredAt) != core.LicenceValid:
		st := lic.StatusOn(d.DeclaredAt)
		out = append(out, licenceInvalid(d, lic, fmt.Sprintf("许可证%s在%s的状态为%s", lic.No, d.DeclaredAt, statusZh(string(st))), fmt.Sprintf("licence %s was %s on %s", lic.No, st, d.DeclaredAt), nil))
	case !d.DeclaredAt.Within(lic.ValidFrom, lic.ValidTo):
		out = append(out, licenceInvalid(d, lic, fmt.Sprintf("申报日期%s不在许可证%s有效期（%s至%s）内", d.DeclaredAt, lic.No, lic.ValidFrom, lic.ValidTo),
			fmt.Sprintf("declared on %s, outside licence %s's validity (%s to %s)", d.DeclaredAt, lic.No, lic.ValidFrom, lic.ValidTo),
			map[string]any{"declared_at": d.DeclaredAt.String()}))
	}
	return out
}

func licenceInvalid(d *core.DeclarationItem, lic *core.Licence, zh, en string, extra map[string]any) core.Finding {
	return core.Finding{Code: LicenceInvalid, Severity: core.SeverityHigh, Channel: core.ChannelRed,
		MessageZh: zh, Message: en, Evidence: licenceEvidence(d, lic, extra)}
}

// licenceEvidence names the licence and its holder, and what else a
// finding adds.
func licenceEvidence(d *core.DeclarationItem, lic *core.Licence, extra map[string]any) map[string]any {
	m := make(map[string]any, 6+len(extra))
	addLicenceEvidence(m, d, lic)
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func addLicenceEvidence(m map[string]any, d *core.DeclarationItem, lic *core.Licence) {
	m["licence_no"], m["licence_status"], m["valid_from"] = lic.No, lic.Status, lic.ValidFrom.String()
	m["valid_to"], m["holder"], m["exporter"] = lic.ValidTo.String(), lic.ExporterUSCC, d.ExporterUSCC
}

// doubtful grades yellow the findings that rest on the goods being a
// controlled item when their own words ruled out another item of the
// same code by its parameters and the item left has none to check (a
// graphite crucible of density 1.65 is not high-density artificial
// graphite, and may or may not be of natural flake): whether they are the
// item is for an officer to verify, not a certainty.
func doubtful(fs []core.Finding, a *catalog.Answer) {
	toVerify(fs, "ruled_out_items", a.RuledOut,
		fmt.Sprintf(" — if the goods are %s: their description rules out %s (verify)", a.Items[0].NameEn, strings.Join(a.RuledOut, ", ")),
		fmt.Sprintf("（如货物属于%s；其申报要素已排除%s，请核实）", a.Items[0].NameZh, strings.Join(a.RuledOut, "、")))
}

// toVerify grades yellow the findings that rest on the goods being the
// controlled item, saying why that is in doubt.
func toVerify(fs []core.Finding, key string, evidence any, why, whyZh string) {
	for i := range fs {
		f := &fs[i]
		if f.Code != ControlUndeclared && f.Code != LicenceMissing {
			continue
		}
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		f.Evidence[key] = evidence
		f.Message += why
		f.MessageZh += whyZh
	}
}

func (s *Screener) checkLedger(d *core.DeclarationItem, a *catalog.Answer) []core.Finding {
	group, strategic := s.strategic[d.HSCode]
	if !a.Controlled && !strategic {
		return nil
	}
	if a.Controlled {
		group = a.Items[0].Group
	}
	var out []core.Finding
	check := func(role, roleZh string, u core.USCC) {
		if u == "" {
			return
		}
		var status core.LedgerStatus
		le := s.in.Ledger[u]
		if le != nil {
			status = le.StatusOn(d.DeclaredAt)
		}
		if status == core.StatusActive {
			return
		}
		f := core.Finding{Code: UnregisteredEnterprise, Evidence: map[string]any{"role": role, "uscc": u, "ledger_status": string(status),
			"controlled": a.Controlled, "group": group, "declared_at": d.DeclaredAt.String()}}
		if a.Controlled {
			f.Severity, f.Channel = core.SeverityHigh, core.ChannelRed
		} else {
			f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		}
		if status == "" {
			f.MessageZh = fmt.Sprintf("%s%s在%s未列入台账", roleZh, u, d.DeclaredAt)
			f.Message = fmt.Sprintf("%s %s was not in the ledger on %s", role, u, d.DeclaredAt)
		} else {
			f.MessageZh = fmt.Sprintf("%s%s在%s的台账状态为%s", roleZh, u, d.DeclaredAt, statusZh(string(status)))
			f.Message = fmt.Sprintf("%s %s was %s in the ledger on %s", role, u, status, d.DeclaredAt)
		}
		out = append(out, f)
	}
	check("exporter", "出口经营者", d.ExporterUSCC)
	if d.ProducerUSCC != d.ExporterUSCC {
		check("producer", "生产销售单位", d.ProducerUSCC)
	}
	return out
}

// Grade turns findings into a channel and a 0-100 score. A rule broken
// (red) outranks anything statistical; several independent findings add
// up as independent probabilities would.
func Grade(fs []core.Finding) (string, int) {
	channel := core.ChannelGreen
	p := 1.0
	for _, f := range fs {
		switch f.Channel {
		case core.ChannelRed:
			channel = core.ChannelRed
		case core.ChannelYellow:
			if channel == core.ChannelGreen {
				channel = core.ChannelYellow
			}
		}
		p *= 1 - weight(f)
	}
	score := int(math.Round(100 * (1 - p)))
	switch channel {
	case core.ChannelRed:
		score = max(score, 90)
	case core.ChannelYellow:
		score = max(min(score, 89), 50)
	}
	return channel, score
}

func weight(f core.Finding) float64 {
	if f.Weight > 0 {
		return min(f.Weight, 0.99)
	}
	// A check's finding has no weight of its own: a rule broken is 0.9,
	// one to review 0.75 — above a single statistical hint (0.45–0.6), so
	// a listed end user on general goods does not tie with a weak one.
	switch f.Severity {
	case core.SeverityHigh:
		return 0.9
	case core.SeverityMedium:
		return 0.75
	}
	return 0.2
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// statusZh names a licence's or ledger entry's status in a Chinese message.
func statusZh(s string) string {
	if zh, ok := map[string]string{"valid": "有效", "suspended": "暂停", "revoked": "已撤销", "closed": "已注销", "active": "正常"}[s]; ok {
		return zh
	}
	return s
}
