package party

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"orewatch/internal/core"
)

// Live screens against the shipped lists and the lists in the store: a
// bundle's entity lists add to the shipped ones (the bundle spec says so),
// for the API and the CLI as for analyze. Refresh rebuilds it when the
// store's lists changed; requests screen with whichever Screener is
// current, never a half-built one.
type Live struct {
	shipped []*core.ListEntry
	cur     atomic.Pointer[Screener]
	entries atomic.Pointer[[]*core.ListEntry] // what cur screens against
	mu      sync.Mutex                        // one refresh at a time
	seen    string                            // fingerprint of the lists behind cur
}

// NewLive starts with the shipped lists alone.
func NewLive(shipped []*core.ListEntry) *Live {
	l := &Live{shipped: shipped}
	l.cur.Store(newLiveScreener(shipped))
	l.entries.Store(&shipped)
	l.seen = fingerprint(shipped)
	return l
}

// Refresh reads the store's lists and, when they changed, screens with the
// shipped lists plus them from now on.
func (l *Live) Refresh(ctx context.Context, lists core.ListRepo) (changed bool, err error) {
	stored, err := lists.All(ctx)
	if err != nil {
		return false, fmt.Errorf("read the stored entity lists: %w", err)
	}
	all := MergeLists(l.shipped, stored)
	fp := fingerprint(all)
	l.mu.Lock()
	defer l.mu.Unlock()
	if fp == l.seen {
		return false, nil
	}
	l.cur.Store(newLiveScreener(all))
	l.entries.Store(&all)
	l.seen = fp
	return true, nil
}

// SetShipped replaces the shipped lists (a catalogue pack changed them);
// the next Refresh screens with them.
func (l *Live) SetShipped(shipped []*core.ListEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.shipped, l.seen = shipped, ""
}

// Entries are the list entries screened against now.
func (l *Live) Entries() []*core.ListEntry { return *l.entries.Load() }

// Current is the Screener in use.
func (l *Live) Current() *Screener { return l.cur.Load() }

// Handle answers a request with the current Screener.
func (l *Live) Handle(req Request, today core.Date, countries CountryResolver) (Response, error) {
	return l.cur.Load().Handle(req, today, countries)
}

// MergeLists joins entity lists, each entry once: an entry a bundle
// imported again (same list, name and listing date) is the later one.
func MergeLists(lists ...[]*core.ListEntry) []*core.ListEntry {
	type key struct {
		list, name string
		on         core.Date
	}
	at := map[key]int{}
	var out []*core.ListEntry
	for _, l := range lists {
		for _, e := range l {
			k := key{e.List, e.Name, e.ListedOn}
			if i, ok := at[k]; ok {
				out[i] = e
				continue
			}
			at[k] = len(out)
			out = append(out, e)
		}
	}
	return out
}

// fingerprint says whether two sets of lists screen alike.
func fingerprint(es []*core.ListEntry) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = strings.Join([]string{e.List, e.Name, strings.Join(e.Aliases, "|"), e.Country, e.ListedOn.String(), e.DelistedOn.String()}, "\x00")
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// newLiveScreener is a Screener for a server: a smaller cache of names.
func newLiveScreener(entries []*core.ListEntry) *Screener {
	s := NewScreener(entries)
	s.cache.max = maxCachedLive
	return s
}
