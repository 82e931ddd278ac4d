package catalog

import (
	"context"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"orewatch/internal/core"
)

// Live is the catalogue a server answers with: the shipped data with the
// packs stored in the database applied in order. A pack applied on any
// node reaches the others at their next Refresh; requests use whichever
// State is current, never a half-built one.
type Live struct {
	shipped fs.FS
	cur     atomic.Pointer[State]
	mu      sync.Mutex // one rebuild at a time
}

// State is one built catalogue with the lists and packs behind it.
type State struct {
	Catalog *Catalog
	Infos   []ListInfo
	Lists   []*core.ListEntry
	Packs   []*core.CatalogPack
}

// NewLive starts from the shipped data alone.
func NewLive(shipped fs.FS) (*Live, error) {
	c, infos, lists, err := Build(shipped, nil)
	if err != nil {
		return nil, err
	}
	l := &Live{shipped: shipped}
	l.cur.Store(&State{Catalog: c, Infos: infos, Lists: lists})
	return l, nil
}

// Current is the state in force.
func (l *Live) Current() *State { return l.cur.Load() }

// Catalog is the catalogue in force.
func (l *Live) Catalog() *Catalog { return l.cur.Load().Catalog }

// Lists are the shipped lists with the packs' announcements and changes.
func (l *Live) Lists() []*core.ListEntry { return l.cur.Load().Lists }

// CatalogOr is the catalogue in force, or fixed when l is nil (a server
// or test that does not follow packs).
func (l *Live) CatalogOr(fixed *Catalog) *Catalog {
	if l == nil {
		return fixed
	}
	return l.Catalog()
}

// ListsOr is the lists in force, or fixed when l is nil.
func (l *Live) ListsOr(fixed []*core.ListEntry) []*core.ListEntry {
	if l == nil {
		return fixed
	}
	return l.Lists()
}

// Refresh reads the stored packs and rebuilds when they are not the ones
// in force. A stored pack that no longer builds (it cannot, unless the
// shipped data under it changed in a new release) keeps the state as it
// is and says why.
func (l *Live) Refresh(ctx context.Context, repo core.CatalogPackRepo) (changed bool, err error) {
	n, last, err := repo.Head(ctx)
	if err != nil {
		return false, fmt.Errorf("read the catalogue packs: %w", err)
	}
	if held := l.cur.Load().Packs; len(held) == n && (n == 0 || held[n-1].Seq == last) {
		return false, nil // the common case, every half minute: no pack read
	}
	stored, err := repo.List(ctx)
	if err != nil {
		return false, fmt.Errorf("read the catalogue packs: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur.Load().Holds(stored) {
		return false, nil
	}
	st, err := l.With(stored, nil)
	if err != nil {
		return false, err
	}
	l.cur.Store(st)
	return true, nil
}

// With is the state the stored packs and one more (next, when not nil)
// would give, without putting it in force: how a pack is checked before
// it is stored.
func (l *Live) With(stored []*core.CatalogPack, next *Pack) (*State, error) {
	packs := make([]*Pack, 0, len(stored)+1)
	for _, sp := range stored {
		p, err := ParsePack(sp.ID, sp.Body)
		if err != nil {
			return nil, fmt.Errorf("stored pack %s (no. %d): %w", sp.ID, sp.Seq, err)
		}
		packs = append(packs, p)
	}
	if next != nil {
		packs = append(packs, next)
	}
	c, infos, lists, err := Build(l.shipped, packs)
	if err != nil {
		return nil, err
	}
	return &State{Catalog: c, Infos: infos, Lists: lists, Packs: stored}, nil
}

// Holds says whether the state was built from exactly these stored packs.
func (s *State) Holds(stored []*core.CatalogPack) bool {
	a, b := s.Packs, stored
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Seq != b[i].Seq || a[i].SHA256 != b[i].SHA256 {
			return false
		}
	}
	return true
}

// Applied is a stored pack as the API and the CLI show it.
type Applied struct {
	Seq       int64     `json:"seq"`
	ID        string    `json:"id"`
	SHA256    string    `json:"sha256"`
	TitleZh   string    `json:"title_zh"`
	TitleEn   string    `json:"title_en"`
	Published string    `json:"published"`
	AppliedBy string    `json:"applied_by"`
	AppliedAt time.Time `json:"applied_at"`
	Body      string    `json:"body,omitempty"` // the YAML as applied, when asked for
}

// AppliedOf shows a stored pack, with its YAML when withBody.
func AppliedOf(p *core.CatalogPack, withBody bool) Applied {
	a := Applied{Seq: p.Seq, ID: p.ID, SHA256: p.SHA256, TitleZh: p.TitleZh, TitleEn: p.TitleEn,
		Published: p.Published.String(), AppliedBy: p.AppliedBy, AppliedAt: p.AppliedAt}
	if withBody {
		a.Body = string(p.Body)
	}
	return a
}
