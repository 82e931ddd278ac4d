package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// Officer is who works a case: name, agency, province scope, role.
type Officer struct {
	Name, Agency, Province, Role string
}

func (o Officer) actor() audit.Actor { return audit.Actor{Name: o.Name, Agency: o.Agency} }

// restricted agencies' notes stay within the agency unless shared.
var restricted = map[string]bool{"MPS": true, "MSS": true}

// visibleCase loads a case the officer may see; any other case answers
// not found, so officers cannot learn which cases exist elsewhere.
func visibleCase(ctx context.Context, r core.Repos, o Officer, id string) (*core.Case, error) {
	c, err := r.Cases().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSee(o, c) {
		return nil, core.Errorf(core.ENOTFOUND, "no case %s", id)
	}
	return c, nil
}

// openCase is visibleCase for changes, which a closed case refuses.
func openCase(ctx context.Context, r core.Repos, o Officer, id string) (*core.Case, error) {
	c, err := visibleCase(ctx, r, o, id)
	if err != nil {
		return nil, err
	}
	if c.Status == core.CaseClosed {
		return nil, core.Errorf(core.ECONFLICT, "case %s is closed", id)
	}
	return c, nil
}

// CanSee reports whether the officer may see the case: an admin, or one
// of its agencies within the officer's province scope.
func CanSee(o Officer, c *core.Case) bool {
	if o.Province != "" && c.Province != "" && o.Province != c.Province {
		return false
	}
	return o.Role == core.RoleAdmin || slices.Contains(c.Agencies, o.Agency)
}

// CanRead reports whether the officer may read a note.
func CanRead(o Officer, c *core.Case, n *core.CaseNote) bool {
	if !CanSee(o, c) {
		return false
	}
	if o.Agency == n.Agency {
		return true
	}
	if len(n.Visibility) == 0 {
		return true
	}
	return slices.Contains(n.Visibility, o.Agency)
}

// Open escalates alerts into a new case led by the officer's agency.
func Open(ctx context.Context, s core.Store, o Officer, title string, alertIDs []string, agencies []string, now time.Time) (*core.Case, error) {
	if strings.TrimSpace(title) == "" {
		return nil, core.FieldErrorf("title", "a case needs a title")
	}
	if len(alertIDs) == 0 {
		return nil, core.FieldErrorf("alerts", "a case opens from at least one alert")
	}
	c := &core.Case{ID: fmt.Sprintf("CASE-%s-%s", now.UTC().Format("20060102"), newID()), Title: strings.TrimSpace(title),
		LeadAgency: o.Agency, Agencies: uniq(append([]string{o.Agency}, agencies...)), Province: o.Province, Status: core.CaseOpen,
		CreatedBy: o.Name, CreatedAt: now.UTC(), UpdatedAt: now.UTC(), Subjects: []core.CaseSubject{}}
	err := s.WithTx(ctx, func(r core.Repos) error {
		seen := map[string]bool{}
		for _, id := range alertIDs {
			a, err := r.Alerts().Get(ctx, id)
			if err != nil {
				return err
			}
			if o.Province != "" && a.Province != o.Province {
				return core.Errorf(core.ENOTFOUND, "no alert %s", id)
			}
			if !core.CanMove(a.Status, core.AlertEscalated) {
				return core.Errorf(core.ECONFLICT, "alert %s is %s: it cannot be escalated", id, a.Status)
			}
			if c.Province == "" {
				c.Province = a.Province
			}
			if k := a.SubjectType + "=" + a.SubjectID; !seen[k] {
				seen[k] = true
				c.Subjects = append(c.Subjects, core.CaseSubject{Type: a.SubjectType, ID: a.SubjectID})
			}
			if err := r.Alerts().SetStatus(ctx, id, core.AlertEscalated, "escalated into "+c.ID, now); err != nil {
				return err
			}
		}
		if err := r.Cases().Create(ctx, c); err != nil {
			return err
		}
		return audit.Record(ctx, r, o.actor(), "case.open", c.ID, nil, c, "from alerts "+strings.Join(alertIDs, ", "))
	})
	return c, err
}

// Share says who beyond the author's agency reads a note or file.
type Share struct {
	// With names agencies to share with besides the defaults.
	With []string
	// Private keeps it within the author's agency (and With): the lead
	// agency does not read it then.
	Private bool
}

// visibility decides who reads what an officer adds to a case. What the
// lead agency writes, and what others write, every agency of the case
// reads; public and state security write for themselves and the lead
// agency, which works the case; a private note stays with its agency and
// those it names.
func visibility(o Officer, c *core.Case, sh Share) []string {
	switch {
	case sh.Private:
		return uniq(append([]string{o.Agency}, sh.With...))
	case restricted[o.Agency] && o.Agency != c.LeadAgency:
		return uniq(append([]string{o.Agency, c.LeadAgency}, sh.With...))
	}
	return nil // every agency of the case
}

// AddNote adds a note or finding, read by whom visibility says.
func AddNote(ctx context.Context, s core.Store, o Officer, caseID, text string, sh Share, now time.Time) (*core.CaseNote, error) {
	if strings.TrimSpace(text) == "" {
		return nil, core.FieldErrorf("text", "an empty note")
	}
	n := &core.CaseNote{ID: newID(), CaseID: caseID, Author: o.Name, Agency: o.Agency, Text: text, CreatedAt: now.UTC()}
	err := s.WithTx(ctx, func(r core.Repos) error {
		c, err := openCase(ctx, r, o, caseID)
		if err != nil {
			return err
		}
		n.Visibility = visibility(o, c, sh)
		if err := r.Cases().AddNote(ctx, n); err != nil {
			return err
		}
		// The note's text is digested, not copied: the trail is readable by
		// auditors who may not read restricted notes.
		return audit.Record(ctx, r, o.actor(), "case.note", caseID, nil, n, "visibility "+strings.Join(n.Visibility, ","))
	})
	return n, err
}

// Show returns a case with the notes the officer may read; the read is
// audited, as reads of case notes are sensitive.
func Show(ctx context.Context, s core.Store, o Officer, caseID string) (*core.Case, []*core.CaseNote, error) {
	var c *core.Case
	var visible []*core.CaseNote
	err := s.WithTx(ctx, func(r core.Repos) error {
		var err error
		if c, err = visibleCase(ctx, r, o, caseID); err != nil {
			return err
		}
		notes, err := r.Cases().Notes(ctx, caseID)
		if err != nil {
			return err
		}
		visible = []*core.CaseNote{}
		for _, n := range notes {
			if CanRead(o, c, n) {
				visible = append(visible, n)
			}
		}
		return audit.Record(ctx, r, o.actor(), "case.read", caseID, nil, nil, fmt.Sprintf("%d of %d notes shown", len(visible), len(notes)))
	})
	return c, visible, err
}

// Update changes a case's status, participants or assignee. Closing needs
// a disposal, recorded with the joint decision; ledger_suspension and
// licence_revoked feed back into the ledger and licences from that day, so
// later screening sees them.
func Update(ctx context.Context, s core.Store, o Officer, caseID, status, disposal, decision string, invite []string, now time.Time) (*core.Case, error) {
	if status != "" && !slices.Contains(core.CaseStatuses, status) {
		return nil, core.FieldErrorf("status", "status %q: want %s", status, strings.Join(core.CaseStatuses, ", "))
	}
	if disposal != "" && !slices.Contains(core.Disposals, disposal) {
		return nil, core.FieldErrorf("disposal", "disposal %q: want %s", disposal, strings.Join(core.Disposals, ", "))
	}
	if status == core.CaseClosed && disposal == "" {
		return nil, core.FieldErrorf("disposal", "closing a case records its disposal (%s)", strings.Join(core.Disposals, ", "))
	}
	var out *core.Case
	err := s.WithTx(ctx, func(r core.Repos) error {
		c, err := visibleCase(ctx, r, o, caseID)
		if err != nil {
			return err
		}
		if c.Status == core.CaseClosed {
			return reopen(ctx, r, o, c, status, disposal, decision, invite, now, &out)
		}
		if status == core.CaseClosed && o.Agency != c.LeadAgency && o.Role != core.RoleAdmin {
			return core.Errorf(core.EFORBIDDEN, "only the lead agency (%s) records the joint decision", c.LeadAgency)
		}
		before := *c
		if len(invite) > 0 {
			c.Agencies = uniq(append(c.Agencies, invite...))
			if c.Status == core.CaseOpen && status == "" {
				c.Status = core.CaseConsultation
			}
		}
		if status != "" {
			c.Status = status
		}
		if disposal != "" {
			c.Disposal, c.Decision = disposal, decision
		}
		c.UpdatedAt = now.UTC()
		if err := r.Cases().Update(ctx, c); err != nil {
			return err
		}
		if status == core.CaseClosed {
			if err := feedBack(ctx, r, c, o, now); err != nil {
				return err
			}
		}
		out = c
		return audit.Record(ctx, r, o.actor(), "case.update", caseID, &before, c, decision)
	})
	return out, err
}

// reopen takes a closed case back into work: the lead agency's (or an
// administrator's) decision, with its reason, audited apart from other
// changes. Nothing else changes with it; the disposal already applied
// stays in the ledger and licences.
func reopen(ctx context.Context, r core.Repos, o Officer, c *core.Case, status, disposal, reason string, invite []string, now time.Time, out **core.Case) error {
	switch {
	case status == "" || status == core.CaseClosed || disposal != "" || len(invite) > 0:
		return core.Errorf(core.ECONFLICT, "case %s is closed: it is read-only until the lead agency reopens it (a status, with the reason)", c.ID)
	case o.Agency != c.LeadAgency && o.Role != core.RoleAdmin:
		return core.Errorf(core.EFORBIDDEN, "only the lead agency (%s) reopens a closed case", c.LeadAgency)
	case strings.TrimSpace(reason) == "":
		return core.FieldErrorf("decision", "reopening a closed case gives its reason")
	}
	before := *c
	c.Status, c.UpdatedAt = status, now.UTC()
	if err := r.Cases().Update(ctx, c); err != nil {
		return err
	}
	*out = c
	return audit.Record(ctx, r, o.actor(), "case.reopen", c.ID, &before, c, reason)
}

// feedBack applies a disposal to the ledger and licences.
func feedBack(ctx context.Context, r core.Repos, c *core.Case, o Officer, now time.Time) error {
	day := core.DateOf(now)
	for _, sub := range c.Subjects {
		switch {
		case c.Disposal == "ledger_suspension" && sub.Type == "enterprise":
			e, err := r.Enterprises().Get(ctx, core.USCC(sub.ID))
			if err != nil {
				return err
			}
			if _, err := r.Enterprises().AddStatus(ctx, core.StatusChange{USCC: e.USCC, Status: core.StatusSuspended, EffectiveOn: day, Reason: "case " + c.ID}); err != nil {
				return err
			}
			before := *e
			e.Status = core.StatusSuspended
			if _, err := r.Enterprises().Upsert(ctx, e); err != nil {
				return err
			}
			if err := audit.Record(ctx, r, o.actor(), "ledger.set-status", sub.ID, &before, e, "suspended by case "+c.ID); err != nil {
				return err
			}
		case c.Disposal == "licence_revoked" && sub.Type == "licence":
			l, err := r.Licences().Get(ctx, sub.ID)
			if err != nil {
				return err
			}
			before := *l
			l.Status = core.LicenceRevoked
			if _, err := r.Licences().Upsert(ctx, l); err != nil {
				return err
			}
			if err := audit.Record(ctx, r, o.actor(), "licence.revoke", sub.ID, &before, l, "revoked by case "+c.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		x = strings.ToUpper(strings.TrimSpace(x))
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
