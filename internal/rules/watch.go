package rules

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"time"
)

// Watcher keeps the rules of a folder current: it polls the folder and
// swaps in a new Set when the files change and load cleanly. A change
// that does not load is logged and the running rules stay.
type Watcher struct {
	dir string
	cur atomic.Pointer[Set]
	sig string
	log *slog.Logger
	// Err is the last load error, "" when the newest files are in force.
	err atomic.Value
	// OnReload is called after a new set goes into force (the server
	// records it in the audit trail).
	OnReload func(old, cur *Set)
}

// NewWatcher loads dir once; the first load must succeed.
func NewWatcher(dir string, log *slog.Logger) (*Watcher, error) {
	w := &Watcher{dir: dir, log: log}
	sig, err := signature(dir)
	if err != nil {
		return nil, err
	}
	s, err := Load(dir)
	if err != nil {
		return nil, err
	}
	w.cur.Store(s)
	w.sig = sig
	w.err.Store("")
	return w, nil
}

// Current is the set in force.
func (w *Watcher) Current() *Set { return w.cur.Load() }

// LastError is why the newest files are not in force, or "".
func (w *Watcher) LastError() string { return w.err.Load().(string) }

// Poll reloads when the folder changed; it reports whether a new set is
// now in force.
func (w *Watcher) Poll() bool {
	sig, err := signature(w.dir)
	if err != nil || sig == w.sig {
		return false
	}
	w.sig = sig
	s, err := Load(w.dir)
	if err != nil {
		w.err.Store(err.Error())
		w.log.Error("rules changed but did not load; the previous rules stay in force", "dir", w.dir, "err", err)
		return false
	}
	old := w.cur.Swap(s)
	w.err.Store("")
	w.log.Info("rules reloaded", "dir", w.dir, "version", s.Version, "previous", old.Version, "rules", len(s.Rules))
	if w.OnReload != nil {
		w.OnReload(old, s)
	}
	return true
}

// Run polls every interval until ctx ends.
func (w *Watcher) Run(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() { w.Poll() })
}

// every calls fn every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// signature changes whenever a rules file is added, removed or written.
func signature(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	sig := ""
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return "", err
		}
		sig += fmt.Sprintf("%s|%d|%d;", filepath.Base(f), st.Size(), st.ModTime().UnixNano())
	}
	return sig, nil
}
