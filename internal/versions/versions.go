// Package versions keeps the states a record has had as it changed
// through the API (table record_versions), so that no change overwrites
// in silence: licences, manifest rows, parties, ledger entries.
package versions

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"orewatch/internal/core"
)

// Keep records a change of record key of kind, in the caller's
// transaction: the state it had before its first change here (imported
// from a bundle, when before is set and nothing was kept yet), then the
// new state, with who made it and from where.
func Keep(ctx context.Context, r core.Repos, kind, key string, before, after any, actor, source string, now time.Time) error {
	return KeepFrom(ctx, r, kind, key, before, after, actor, source, "as stored before its first change through the API", now)
}

// KeepFrom is Keep with what the state before is said to be (an import's
// "as stored before import 12").
func KeepFrom(ctx context.Context, r core.Repos, kind, key string, before, after any, actor, source, beforeSource string, now time.Time) error {
	if before != nil {
		vs, err := r.Versions().List(ctx, kind, key)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			if err := add(ctx, r, kind, key, before, "", beforeSource, now); err != nil {
				return err
			}
		}
	}
	return add(ctx, r, kind, key, after, actor, source, now)
}

func add(ctx context.Context, r core.Repos, kind, key string, state any, actor, source string, now time.Time) error {
	body, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", kind, key, err)
	}
	return r.Versions().Append(ctx, &core.RecordVersion{Kind: kind, Key: key, Body: body, Actor: actor, Source: source, RecordedAt: now.UTC()})
}

// Tally counts a submission's records by what storing them did.
type Tally struct {
	Stored    int `json:"stored"`    // new records
	Amended   int `json:"amended"`   // records that replaced another version
	Unchanged int `json:"unchanged"` // records the store held as they are
}

// Count tallies one record just upserted (changed: its upsert changed
// the store; prev: the stored record before, nil when it was new) and
// keeps its versions when it changed.
func Count[T any](ctx context.Context, r core.Repos, t *Tally, kind, key string, prev, next *T, changed bool, actor, source string, now time.Time) error {
	var before any // a nil *T is not a nil any
	switch {
	case !changed:
		t.Unchanged++
		return nil
	case prev == nil:
		t.Stored++
	default:
		t.Amended++
		before = prev
	}
	return Keep(ctx, r, kind, key, before, next, actor, source, now)
}
