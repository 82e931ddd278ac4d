// Package applications holds dual-use export licence applications
// (两用物项出口许可申请) from draft to decision: the exporter fills in and
// submits the form with its documents, the provincial commerce department
// checks that it is complete and accepts it or returns it, MOFCOM reviews
// it within the statutory time limit — asking for more documents or
// consulting other agencies as needed — and approves it, which issues the
// licences screening uses at once, or refuses it with reasons. Every step
// is stored with who took it and audited.
package applications

import (
	"context"
	"fmt"
	"slices"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/workdays"
)

// MOFCOM is the licensing agency's code; its officers with a province are
// that province's commerce department.
const MOFCOM = "MOFCOM"

// Deps are what the procedure reads and changes.
type Deps struct {
	Store core.Store
	// Catalog is the control catalogue in force.
	Catalog func() *catalog.Catalog
	// Lodge issues licences and screens the parties (its Lists and
	// Screener).
	Lodge lodge.Deps
	Days  *workdays.Calendar
	Files casework.Files
	Now   func() time.Time
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}

func (d Deps) today() core.Date { return core.DateOf(d.now().In(beijing)) }

// beijing is the time zone of the statutory days.
var beijing = time.FixedZone("CST", 8*3600)

func actor(u *core.User) audit.Actor { return audit.Actor{Name: u.Name, Agency: u.Agency} }

func isAdmin(u *core.User) bool { return u.Role == core.RoleAdmin }

func owns(u *core.User, a *core.LicenceApplication) bool {
	return u.Role == core.RoleEnterprise && u.EnterpriseUSCC != "" && u.EnterpriseUSCC == a.ExporterUSCC
}

// provincial is a commerce department that may check a's completeness:
// the exporter's province's, or MOFCOM itself.
func provincial(u *core.User, a *core.LicenceApplication) bool {
	return isAdmin(u) || (u.Role != core.RoleEnterprise && u.Agency == MOFCOM && (u.Province == "" || u.Province == a.Province))
}

// national is MOFCOM's own review.
func national(u *core.User) bool {
	return isAdmin(u) || (u.Role != core.RoleEnterprise && u.Agency == MOFCOM && u.Province == "")
}

// decider may approve or refuse.
func decider(u *core.User) bool {
	return isAdmin(u) || (national(u) && u.Role == core.RoleSupervisor)
}

func consulted(u *core.User, a *core.LicenceApplication) bool {
	return u.Role != core.RoleEnterprise && slices.Contains(a.Consulted, u.Agency)
}

// Visible says whether u may read a: its exporter; MOFCOM once submitted
// (a province's department its province's); an agency consulted on it.
// Every other reader is told it does not exist.
func Visible(u *core.User, a *core.LicenceApplication) bool {
	switch {
	case owns(u, a), isAdmin(u) && a.Status != core.AppDraft:
		return true
	case u.Role == core.RoleEnterprise || a.Status == core.AppDraft:
		return false
	case provincial(u, a):
		return true
	}
	return slices.Contains(a.Consulted, u.Agency) || slices.ContainsFunc(a.Opinions, func(o core.Opinion) bool { return o.Agency == u.Agency })
}

// get reads an application u may see.
func get(ctx context.Context, r core.Repos, u *core.User, id string) (*core.LicenceApplication, error) {
	a, err := r.Applications().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !Visible(u, a) {
		return nil, core.Errorf(core.ENOTFOUND, "no licence application %s", id)
	}
	return a, nil
}

// List is the applications u may see, newest first: an exporter's own; a
// province's department those of its province; MOFCOM all that were
// submitted; another agency those it is consulted on.
func List(ctx context.Context, s core.Store, u *core.User, statuses []core.ApplicationStatus) ([]*core.LicenceApplication, error) {
	f := core.ApplicationFilter{Statuses: statuses, Limit: 500}
	switch {
	case u.Role == core.RoleEnterprise:
		if u.EnterpriseUSCC == "" {
			return nil, nil
		}
		f.ExporterUSCC = u.EnterpriseUSCC
	case isAdmin(u) || u.Agency == MOFCOM:
		f.Province = u.Province
	default:
		f.ConsultedAgency = u.Agency
	}
	as, err := s.Applications().List(ctx, f)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(as, func(a *core.LicenceApplication) bool { return !Visible(u, a) }), nil
}

// View is an application with everything its page shows.
type View struct {
	*core.LicenceApplication
	Steps []*core.ApplicationStep `json:"steps"`
	Files []*core.ApplicationFile `json:"files"`
	Clock *Clock                  `json:"clock,omitempty"`
	// Check is what an officer (and the exporter) should know of the
	// application today: completeness, what the catalogue says of each
	// item, list hits on the consignee and end user, a general licence's
	// eligibility.
	Check *Check `json:"check"`
	// Actions are what u may do now.
	Actions []string `json:"actions"`
	// Issued are the licences an approval issued, with what lodged
	// declarations have drawn on them.
	Issued []Issued `json:"issued,omitempty"`
}

// Issued is a licence of the application as it stands.
type Issued struct {
	*core.Licence
	LicensedKg float64 `json:"licensed_kg"`
	DrawnKg    float64 `json:"drawn_kg"`
	LeftKg     float64 `json:"left_kg"`
}

// Show reads an application u may see, with its steps, files, clock,
// check and the actions open to u.
func Show(ctx context.Context, d Deps, u *core.User, id string) (*View, error) {
	a, err := get(ctx, d.Store, u, id)
	if err != nil {
		return nil, err
	}
	return view(ctx, d, u, a)
}

func view(ctx context.Context, d Deps, u *core.User, a *core.LicenceApplication) (*View, error) {
	v := &View{LicenceApplication: a}
	var err error
	if v.Steps, err = d.Store.Applications().Steps(ctx, a.ID); err != nil {
		return nil, err
	}
	if v.Files, err = d.Store.Applications().Files(ctx, a.ID); err != nil {
		return nil, err
	}
	if v.Steps == nil {
		v.Steps = []*core.ApplicationStep{}
	}
	if v.Files == nil {
		v.Files = []*core.ApplicationFile{}
	}
	if v.Check, err = check(ctx, d, a, v.Files); err != nil {
		return nil, err
	}
	if d.Days != nil && !a.AcceptedOn.IsZero() {
		v.Clock = ClockOf(d.Days, a, v.Steps, d.today(), v.Check.noLimit)
	}
	v.Actions = Actions(u, a)
	for _, no := range a.Licences {
		l, err := d.Store.Licences().Get(ctx, no)
		if err != nil {
			return nil, err
		}
		drawn, err := d.Store.Lodgements().Drawn(ctx, no, "")
		if err != nil {
			return nil, err
		}
		licensed, err := core.ToKg(l.Quantity, l.Unit)
		if err != nil {
			return nil, fmt.Errorf("licence %s: %w", no, err)
		}
		v.Issued = append(v.Issued, Issued{Licence: l, LicensedKg: licensed.Float(), DrawnKg: drawn, LeftKg: licensed.Float() - drawn})
	}
	return v, nil
}

// MaxOpen is the most applications an exporter may have open at once.
const MaxOpen = 200

// Create stores a new draft of u's enterprise. The form may be incomplete;
// what is there must be well formed.
func Create(ctx context.Context, d Deps, u *core.User, f core.ApplicationForm) (*core.LicenceApplication, error) {
	if u.Role != core.RoleEnterprise || u.EnterpriseUSCC == "" {
		return nil, core.Errorf(core.EFORBIDDEN, "only an exporter's user applies for its own licences")
	}
	if err := wellFormed(&f); err != nil {
		return nil, err
	}
	now := d.now()
	a := &core.LicenceApplication{ExporterUSCC: u.EnterpriseUSCC, Status: core.AppDraft, Form: f, CreatedBy: u.Name, CreatedAt: now, UpdatedAt: now}
	// Applications are numbered in order: two drafts created at once on
	// PostgreSQL may take the same number, and the second is tried again.
	var err error
	for try := 0; try < 5; try++ {
		if err = create(ctx, d, u, a); core.ErrorCode(err) != core.ECONFLICT {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func create(ctx context.Context, d Deps, u *core.User, a *core.LicenceApplication) error {
	now := a.CreatedAt
	return d.Store.WithTx(ctx, func(r core.Repos) error {
		e, err := r.Enterprises().Get(ctx, u.EnterpriseUSCC)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return core.FieldErrorf("exporter_uscc", "exporter %s is not in the ledger: a licence is issued to a surveyed enterprise; ask the province's ledger officer", u.EnterpriseUSCC)
		} else if err != nil {
			return err
		}
		a.Province = e.Province
		if mine, err := r.Applications().List(ctx, core.ApplicationFilter{ExporterUSCC: a.ExporterUSCC, Statuses: open, Limit: MaxOpen + 1}); err != nil {
			return err
		} else if len(mine) >= MaxOpen {
			return core.Errorf(core.EINVALID, "exporter %s has %d applications open, the most it may: withdraw or finish some first", a.ExporterUSCC, len(mine))
		}
		if err := r.Applications().Create(ctx, a); err != nil {
			return err
		}
		if err := r.Applications().AddStep(ctx, &core.ApplicationStep{ApplicationID: a.ID, At: now, Actor: u.Name, Agency: u.Agency, Action: "create", To: core.AppDraft}); err != nil {
			return err
		}
		return audit.Record(ctx, r, actor(u), "application.create", a.ID, nil, a.Form, "")
	})
}

// Edit replaces the form of a draft, or of an application returned or
// waiting for more documents, at the revision the exporter read.
func Edit(ctx context.Context, d Deps, u *core.User, id string, revision int, f core.ApplicationForm) (*core.LicenceApplication, error) {
	if err := wellFormed(&f); err != nil {
		return nil, err
	}
	var a *core.LicenceApplication
	err := d.Store.WithTx(ctx, func(r core.Repos) error {
		var err error
		if a, err = get(ctx, r, u, id); err != nil {
			return err
		}
		if !owns(u, a) {
			return core.Errorf(core.EFORBIDDEN, "only the exporter edits its application")
		}
		if !editable(a.Status) {
			return core.Errorf(core.ECONFLICT, "application %s is %s: its form can no longer be changed", a.ID, a.Status)
		}
		if revision != 0 && revision != a.Revision {
			return core.Errorf(core.ECONFLICT, "application %s changed meanwhile (revision %d, not %d): reload it", a.ID, a.Revision, revision)
		}
		before := a.Form
		a.Form, a.UpdatedAt = f, d.now()
		if err := r.Applications().Update(ctx, a); err != nil {
			return err
		}
		if err := r.Applications().AddStep(ctx, &core.ApplicationStep{ApplicationID: a.ID, At: a.UpdatedAt, Actor: u.Name, Agency: u.Agency, Action: "edit", From: a.Status, To: a.Status}); err != nil {
			return err
		}
		return audit.Record(ctx, r, actor(u), "application.edit", a.ID, before, a.Form, fmt.Sprintf("revision %d", a.Revision))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func editable(s core.ApplicationStatus) bool {
	return s == core.AppDraft || s == core.AppReturned || s == core.AppInfoRequested
}
