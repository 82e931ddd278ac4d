package applications

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/licensing"
)

// Action is one step asked of the procedure.
type Action struct {
	Name string `json:"action"`
	// Revision is the application's revision the actor saw (0: any); a
	// step on an application that changed since is refused.
	Revision int    `json:"revision,omitempty"`
	Note     string `json:"note,omitempty"`
	// Agencies are the agencies to consult (consult).
	Agencies []string `json:"agencies,omitempty"`
	// Agree is a consulted agency's answer (opinion).
	Agree *bool `json:"agree,omitempty"`
	// An approval's terms: single or multiple use, validity, and the
	// quantity granted per item (at most the quantity applied for; all
	// of it when absent).
	Uses       core.LicenceUses `json:"uses,omitempty"`
	ValidFrom  core.Date        `json:"valid_from,omitzero"`
	ValidTo    core.Date        `json:"valid_to,omitzero"`
	Quantities []core.Decimal   `json:"quantities,omitempty"`
}

// step is what an action may do: from which states, by whom, to which.
type step struct {
	from []core.ApplicationStatus
	to   core.ApplicationStatus
	who  func(u *core.User, a *core.LicenceApplication) bool
	// note says a reason must be given.
	note bool
}

var open = []core.ApplicationStatus{core.AppDraft, core.AppSubmitted, core.AppReturned, core.AppUnderReview, core.AppInfoRequested, core.AppConsulting, core.AppExpertReview}

var steps = map[string]step{
	"submit":       {from: []core.ApplicationStatus{core.AppDraft, core.AppReturned}, to: core.AppSubmitted, who: owns},
	"withdraw":     {from: open, to: core.AppWithdrawn, who: owns},
	"accept":       {from: []core.ApplicationStatus{core.AppSubmitted}, to: core.AppUnderReview, who: provincial},
	"return":       {from: []core.ApplicationStatus{core.AppSubmitted}, to: core.AppReturned, who: provincial, note: true},
	"request_info": {from: []core.ApplicationStatus{core.AppUnderReview}, to: core.AppInfoRequested, who: asNational, note: true},
	"supply":       {from: []core.ApplicationStatus{core.AppInfoRequested}, to: core.AppUnderReview, who: owns},
	"consult":      {from: []core.ApplicationStatus{core.AppUnderReview}, to: core.AppConsulting, who: asNational},
	"opinion":      {from: []core.ApplicationStatus{core.AppConsulting}, to: core.AppConsulting, who: consulted},
	"refer":        {from: []core.ApplicationStatus{core.AppUnderReview}, to: core.AppExpertReview, who: asNational, note: true},
	"resume":       {from: []core.ApplicationStatus{core.AppExpertReview}, to: core.AppUnderReview, who: asNational},
	"approve":      {from: []core.ApplicationStatus{core.AppUnderReview}, to: core.AppApproved, who: asDecider},
	"refuse":       {from: []core.ApplicationStatus{core.AppUnderReview}, to: core.AppRefused, who: asDecider, note: true},
}

// ActionNames are the actions in the order a page offers them.
var ActionNames = []string{"submit", "accept", "return", "request_info", "supply", "consult", "opinion", "refer", "resume", "approve", "refuse", "withdraw"}

func asNational(u *core.User, _ *core.LicenceApplication) bool { return national(u) }
func asDecider(u *core.User, _ *core.LicenceApplication) bool  { return decider(u) }

// Actions are the actions u may take on a now.
func Actions(u *core.User, a *core.LicenceApplication) []string {
	out := []string{}
	for _, n := range ActionNames {
		st := steps[n]
		if slices.Contains(st.from, a.Status) && st.who(u, a) {
			out = append(out, n)
		}
	}
	return out
}

var agencyRe = regexp.MustCompile(`^[A-Z]{2,10}$`)

// Act takes one step of the procedure on application id for u, in one
// transaction with the step's record and its audit row. An approval
// issues the licences in the same transaction.
func Act(ctx context.Context, d Deps, u *core.User, id string, x Action) (*core.LicenceApplication, error) {
	st, ok := steps[x.Name]
	if !ok {
		return nil, core.FieldErrorf("action", "no action %q: one of %s", x.Name, strings.Join(ActionNames, ", "))
	}
	x.Note = strings.TrimSpace(x.Note)
	if st.note && x.Note == "" {
		return nil, core.FieldErrorf("note", "%s needs the reasons, which the exporter is shown", x.Name)
	}
	if len(x.Note) > 4000 {
		return nil, core.FieldErrorf("note", "at most 4000 bytes")
	}
	var a *core.LicenceApplication
	err := d.Store.WithTx(ctx, func(r core.Repos) error {
		var err error
		if a, err = get(ctx, r, u, id); err != nil {
			return err
		}
		if !slices.Contains(st.from, a.Status) {
			return core.Errorf(core.ECONFLICT, "application %s is %s: it cannot be %s now", a.ID, a.Status, x.Name)
		}
		if !st.who(u, a) {
			return core.Errorf(core.EFORBIDDEN, "%s of application %s is not for %s (%s %s)", x.Name, a.ID, u.Name, u.Agency, u.Role)
		}
		if x.Revision != 0 && x.Revision != a.Revision {
			return core.Errorf(core.ECONFLICT, "application %s changed meanwhile (revision %d, not %d): reload it", a.ID, a.Revision, x.Revision)
		}
		before := *a
		from, now := a.Status, d.now()
		a.Status, a.UpdatedAt = st.to, now
		detail := x.Note
		switch x.Name {
		case "submit":
			files, err := r.Applications().Files(ctx, a.ID)
			if err != nil {
				return err
			}
			c, err := check(ctx, d, a, files)
			if err != nil {
				return err
			}
			if len(c.Missing) > 0 {
				return &core.Error{Code: core.EINVALID, Field: c.Missing[0].Field, Message: "the application is not complete: " + c.missingText()}
			}
			if a.Form.Kind == core.KindGeneral && !c.General.Eligible {
				return core.FieldErrorf("kind", "a general licence is not open to this application: %s", strings.Join(c.General.Why, "; "))
			}
			a.SubmittedAt, a.Reasons = now, ""
		case "accept":
			if a.AcceptedOn.IsZero() {
				a.AcceptedOn = d.today()
			}
		case "return", "request_info", "refuse":
			a.Reasons = x.Note
		case "consult":
			if len(x.Agencies) == 0 {
				return core.FieldErrorf("agencies", "name the agencies to consult")
			}
			for _, ag := range x.Agencies {
				if !agencyRe.MatchString(ag) || ag == MOFCOM {
					return core.FieldErrorf("agencies", "%q is not an agency to consult", ag)
				}
			}
			a.Consulted = slices.Compact(slices.Sorted(slices.Values(x.Agencies)))
			detail = strings.Join(a.Consulted, ", ") + " " + x.Note
		case "opinion":
			if x.Agree == nil {
				return core.FieldErrorf("agree", "say whether %s agrees", u.Agency)
			}
			a.Opinions = append(a.Opinions, core.Opinion{Agency: u.Agency, Actor: u.Name, At: now, Agree: *x.Agree, Note: x.Note})
			a.Consulted = slices.DeleteFunc(slices.Clone(a.Consulted), func(s string) bool { return s == u.Agency })
			if len(a.Consulted) == 0 {
				a.Status = core.AppUnderReview
			}
			detail = u.Agency + " " + map[bool]string{true: "agrees", false: "objects"}[*x.Agree] + " " + x.Note
		case "approve":
			nos, err := approve(ctx, d, r, u, a, x)
			if err != nil {
				return err
			}
			a.Licences, a.DecidedAt = nos, now
			detail = "licences " + strings.Join(nos, ", ")
		}
		if a.Status == core.AppRefused || a.Status == core.AppWithdrawn {
			a.DecidedAt = now
		}
		if err := r.Applications().Update(ctx, a); err != nil {
			return err
		}
		if err := r.Applications().AddStep(ctx, &core.ApplicationStep{ApplicationID: a.ID, At: now, Actor: u.Name, Agency: u.Agency,
			Action: x.Name, From: from, To: a.Status, Note: x.Note}); err != nil {
			return err
		}
		return audit.Record(ctx, r, actor(u), "application."+x.Name, a.ID, stateOf(&before), stateOf(a), strings.TrimSpace(detail))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// stateOf is what the audit row keeps of an application: the procedure's
// state, the form being kept by the edits' rows.
func stateOf(a *core.LicenceApplication) map[string]any {
	return map[string]any{"status": a.Status, "revision": a.Revision, "consulted": a.Consulted, "licences": a.Licences, "accepted_on": a.AcceptedOn}
}

// approve issues one licence per item on the terms of x.
func approve(ctx context.Context, d Deps, r core.Repos, u *core.User, a *core.LicenceApplication, x Action) ([]string, error) {
	if a.Form.Kind == core.KindGeneral {
		files, err := r.Applications().Files(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		c, err := check(ctx, d, a, files)
		if err != nil {
			return nil, err
		}
		if !c.General.Eligible {
			return nil, core.FieldErrorf("kind", "a general licence is not open to this application today: %s", strings.Join(c.General.Why, "; "))
		}
	}
	uses := x.Uses
	if uses == "" {
		uses = a.Form.Uses
	}
	if uses == "" {
		uses = core.UsesSingle
	}
	if uses != core.UsesSingle && uses != core.UsesMultiple {
		return nil, core.FieldErrorf("uses", "single or multiple, not %q", uses)
	}
	from := x.ValidFrom
	if from.IsZero() {
		from = d.today()
	}
	longest := Validity(a.Form.Kind)
	to := x.ValidTo
	if to.IsZero() {
		to = longest(from)
	}
	if to.Before(from) {
		return nil, core.FieldErrorf("valid_to", "the licence would end (%s) before it starts (%s)", to, from)
	}
	if to.After(longest(from)) {
		return nil, core.FieldErrorf("valid_to", "a %s licence from %s is valid until %s at the longest, not %s", a.Form.Kind, from, longest(from), to)
	}
	if len(x.Quantities) != 0 && len(x.Quantities) != len(a.Form.Items) {
		return nil, core.FieldErrorf("quantities", "%d quantities for %d items", len(x.Quantities), len(a.Form.Items))
	}
	var nos []string
	for i, it := range a.Form.Items {
		q := it.Quantity
		if len(x.Quantities) > 0 {
			q = x.Quantities[i]
			if q <= 0 || q > it.Quantity {
				return nil, core.FieldErrorf(fmt.Sprintf("quantities/%d", i), "item %d: grant more than nothing and at most the %s %s applied for", i+1, it.Quantity, it.Unit)
			}
		}
		l := &core.Licence{No: a.ID + "-" + strconv.Itoa(i+1), ExporterUSCC: a.ExporterUSCC, Status: core.LicenceValid, Uses: uses, ValidFrom: from, ValidTo: to,
			HSCode: it.HSCode, ControlCode: it.ControlCode, GoodsName: it.GoodsName, Quantity: q, Unit: it.Unit, Destination: a.Form.DestinationCountry,
			ConsigneeName: a.Form.ConsigneeName, EndUserName: a.Form.EndUserName, EndUse: a.Form.EndUse,
			Extra: map[string]string{"application": a.ID, "kind": string(a.Form.Kind)}}
		if _, err := licensing.IssueIn(ctx, d.Lodge, r, l, licensing.Options{Actor: actor(u), Source: "licence application " + a.ID, Now: d.now()}); err != nil {
			return nil, fmt.Errorf("issue licence for item %d: %w", i+1, err)
		}
		nos = append(nos, l.No)
	}
	return nos, nil
}
