package rules

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// Shared is the rule set every server runs: the newest applied to the
// store. Each server polls the store and swaps in a newer one, so that
// one apply (a folder's change, `orewatch rules apply`) reaches them all
// and no two servers judge an import by different rules for longer than
// a poll.
type Shared struct {
	s   core.Store
	log *slog.Logger
	cur atomic.Pointer[Set]
	// seen is the newest rule set read (loaded or not), inForce the one
	// running.
	seen, inForce atomic.Int64
	err           atomic.Value
}

// NewShared follows s; Current is nil until a rule set is applied.
func NewShared(s core.Store, log *slog.Logger) *Shared {
	sh := &Shared{s: s, log: log}
	sh.err.Store("")
	return sh
}

// Current is the set in force, nil when none was ever applied.
func (sh *Shared) Current() *Set { return sh.cur.Load() }

// Seq is the store's number of the rule set in force (0: none).
func (sh *Shared) Seq() int64 { return sh.inForce.Load() }

// LastError is why the store's newest rule set is not in force, or "".
func (sh *Shared) LastError() string { return sh.err.Load().(string) }

// Poll loads the store's newest rule set when it is not the one in force
// and reports whether it changed. A set that does not load (rules a newer
// server version understands and this one does not) leaves the running
// one in force and says why in LastError.
func (sh *Shared) Poll(ctx context.Context) (bool, error) {
	rs, err := sh.s.RuleSets().Latest(ctx)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if rs.Seq == sh.seen.Load() {
		return false, nil
	}
	files := make(map[string][]byte, len(rs.Files))
	for n, b := range rs.Files {
		files[n] = []byte(b)
	}
	set, err := LoadFiles(fmt.Sprintf("rule set %d", rs.Seq), files)
	if err != nil {
		sh.err.Store(err.Error())
		sh.seen.Store(rs.Seq) // not retried until a newer one is applied
		sh.log.Error("the store's newest rules did not load; the previous rules stay in force", "seq", rs.Seq, "version", rs.Version, "err", err)
		return false, nil
	}
	old := sh.cur.Swap(set)
	sh.seen.Store(rs.Seq)
	sh.inForce.Store(rs.Seq)
	sh.err.Store("")
	prev := ""
	if old != nil {
		prev = old.Version
	}
	sh.log.Info("rules in force", "seq", rs.Seq, "version", set.Version, "previous", prev, "rules", len(set.Rules), "applied_by", rs.AppliedBy)
	return true, nil
}

// Run polls every interval until ctx ends.
func (sh *Shared) Run(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() {
		if _, err := sh.Poll(ctx); err != nil && ctx.Err() == nil {
			sh.log.Warn("could not read the rules in the store", "err", err)
		}
	})
}

// Apply makes set the rules every server runs, audited in the same
// transaction; applying the version already newest changes nothing and
// records nothing.
func Apply(ctx context.Context, s core.Store, set *Set, who audit.Actor) (bool, error) {
	rs := &core.RuleSet{Version: set.Version, Files: make(map[string]string, len(set.Files)), Rules: len(set.Rules), AppliedBy: who.Name}
	for n, b := range set.Files {
		rs.Files[n] = string(b)
	}
	codes := make([]string, len(set.Rules))
	for i, r := range set.Rules {
		codes[i] = fmt.Sprintf("%s v%d", r.Code, r.Version)
	}
	var applied bool
	err := s.WithTx(ctx, func(r core.Repos) error {
		var err error
		if applied, err = r.RuleSets().Apply(ctx, rs); err != nil || !applied {
			return err
		}
		return audit.Record(ctx, r, who, "rules.apply", set.Version, nil, rs,
			fmt.Sprintf("rule set %d from %s: %s", rs.Seq, set.Dir, strings.Join(codes, ", ")))
	})
	return applied, err
}
