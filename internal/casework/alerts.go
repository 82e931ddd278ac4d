// Package casework is how officers work alerts: triage, dismissal with a
// reason, escalation; every move is checked against the allowed lifecycle
// and the officer's scope, and audited.
package casework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// Triage moves an alert to a new status. province is the officer's scope
// ("" for national): an alert of another province is not found.
func Triage(ctx context.Context, s core.Store, who audit.Actor, province, id, status, reason string, now time.Time) (*core.Alert, error) {
	reason = strings.TrimSpace(reason)
	switch status {
	case core.AlertTriaged, core.AlertDismissed, core.AlertEscalated:
	default:
		return nil, core.FieldErrorf("status", "status %q: want triaged, dismissed or escalated", status)
	}
	if status == core.AlertDismissed && reason == "" {
		return nil, core.FieldErrorf("reason", "dismissing an alert needs a reason")
	}
	var out *core.Alert
	err := s.WithTx(ctx, func(r core.Repos) error {
		a, err := r.Alerts().Get(ctx, id)
		if err != nil {
			return err
		}
		if province != "" && a.Province != province {
			return core.Errorf(core.ENOTFOUND, "no alert %s", id)
		}
		if !core.CanMove(a.Status, status) {
			return core.Errorf(core.ECONFLICT, "alert %s is %s: it cannot become %s", id, a.Status, status)
		}
		before := *a
		if err := r.Alerts().SetStatus(ctx, id, status, reason, now); err != nil {
			return err
		}
		a.Status, a.Reason = status, reason
		out = a
		return audit.Record(ctx, r, who, "alert."+status, id, &before, a, reason)
	})
	return out, err
}

func newID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
