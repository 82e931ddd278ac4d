// Package audit writes and checks the audit trail: every change records
// who, from which agency, when, what, and digests of the object before and
// after, in the same transaction as the change; rows are hash-chained so
// that an edited, deleted or reordered row is found.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"orewatch/internal/core"
)

// Actor says who acts and for which agency.
type Actor struct {
	Name, Agency string
}

// Digest is a short SHA-256 of an object's JSON ("" for nil).
func Digest(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "unserialisable"
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Record appends one row; call it with the repos of the change's
// transaction.
func Record(ctx context.Context, r core.Repos, who Actor, action, object string, before, after any, detail string) error {
	e := &core.AuditEntry{Actor: who.Name, Agency: who.Agency, Action: action, Object: object, Detail: detail}
	if before != nil {
		e.Before = Digest(before)
	}
	if after != nil {
		e.After = Digest(after)
	}
	if err := r.Audit().Append(ctx, e); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, object, err)
	}
	return nil
}

// Problem is the first place the chain breaks.
type Problem struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// Verify walks a trail that has no key. It returns nil when every row is
// intact and in order and the last one is the head.
func Verify(ctx context.Context, s core.Store) (*Problem, int, error) {
	return VerifyKeyed(ctx, s, nil, nil)
}

var zeroTime = core.Date{}.Time()

// Change runs fn in one transaction and records it there: the common shape
// of an audited change. before and after are digested when not nil.
func Change(ctx context.Context, s core.Store, who Actor, action, object string, before, after any, detail string, fn func(r core.Repos) error) error {
	return s.WithTx(ctx, func(r core.Repos) error {
		if err := fn(r); err != nil {
			return err
		}
		return Record(ctx, r, who, action, object, before, after, detail)
	})
}
