package ledger

import (
	"context"
	"fmt"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/versions"
)

// Kind names ledger entries among record versions, keyed by USCC.
const Kind = core.VersionEnterprise

// SubmitOptions say who submits an entry, from where, and within which
// province they may.
type SubmitOptions struct {
	Actor  audit.Actor
	Source string
	Now    time.Time
	// Province, when set, is the only province the submitter keeps.
	Province string
	// Move lets an amendment put the enterprise in another province.
	Move bool
}

// Submitted is what submitting an entry did.
type Submitted struct {
	Entry *Entry `json:"entry"`
	// Result is added (new to the ledger), amended or unchanged.
	Result  string `json:"result"`
	Version int    `json:"version"`
}

// Submit adds an enterprise to the ledger, or amends its entry, in one
// audited transaction: an amendment keeps the version it replaced (the
// first time, also the state it had before: imported), its status stays
// what its dated history says (SetStatus changes it), and moving it to
// another province is refused unless opt.Move — the province's ledger is
// where it is surveyed.
func Submit(ctx context.Context, s core.Store, e *core.Enterprise, o SubmitOptions) (*Submitted, error) {
	if o.Province != "" && e.Province != o.Province {
		return nil, core.Errorf(core.EFORBIDDEN, "enterprise %s is in province %s; you keep the ledger of %s", e.USCC, e.Province, o.Province)
	}
	out := &Submitted{}
	err := s.WithTx(ctx, func(r core.Repos) error {
		before, err := r.Enterprises().Get(ctx, e.USCC)
		switch {
		case core.ErrorCode(err) == core.ENOTFOUND:
			before = nil
		case err != nil:
			return err
		}
		if before != nil {
			if o.Province != "" && before.Province != o.Province {
				return core.Errorf(core.EFORBIDDEN, "enterprise %s is in the ledger of province %s, not yours", e.USCC, before.Province)
			}
			if before.Province != e.Province && !o.Move {
				return &core.Error{Code: core.ECONFLICT, Field: "province", Message: fmt.Sprintf(
					"enterprise %s is in the ledger of province %s; moving it to %s takes it from that province's survey: send move=true to move it", e.USCC, before.Province, e.Province)}
			}
			// The status is the dated history's, changed through SetStatus.
			e.Status, e.RegisteredOn = before.Status, before.RegisteredOn
		} else {
			if e.RegisteredOn.IsZero() {
				e.RegisteredOn = core.DateOf(o.Now)
			}
			if e.Status == "" {
				e.Status = core.StatusActive
			}
		}
		changed, err := r.Enterprises().Upsert(ctx, e)
		if err != nil {
			return err
		}
		var was any // a nil *core.Enterprise is not a nil any
		switch {
		case before == nil:
			out.Result = "added"
			if _, err := r.Enterprises().AddStatus(ctx, core.StatusChange{USCC: e.USCC, Status: e.Status, EffectiveOn: e.RegisteredOn, Reason: "added to the ledger"}); err != nil {
				return err
			}
		case !changed:
			out.Result = "unchanged"
		default:
			out.Result, was = "amended", before
		}
		if out.Result != "unchanged" {
			if err := versions.Keep(ctx, r, Kind, string(e.USCC), was, e, o.Actor.Name, o.Source, o.Now); err != nil {
				return err
			}
			var beforeState any
			if before != nil {
				beforeState = before
			}
			if err := audit.Record(ctx, r, o.Actor, "ledger."+map[bool]string{true: "add", false: "amend"}[before == nil], string(e.USCC), beforeState, e, o.Source); err != nil {
				return err
			}
		}
		vs, err := r.Versions().List(ctx, Kind, string(e.USCC))
		if err != nil {
			return err
		}
		out.Version = len(vs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Entry, err = Show(ctx, s, e.USCC, core.DateOf(o.Now)); err != nil {
		return nil, err
	}
	return out, nil
}
