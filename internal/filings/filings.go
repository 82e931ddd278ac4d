// Package filings holds the monthly books enterprises in the ledger file
// (月度报表: opening, received, produced, consumed, shipped, exported and
// closing stock per material) and compares them, line by line, with the
// books their chain-of-custody events and export declarations imply, for
// the enterprise and for its province's ledger officer.
package filings

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/balance"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
	"orewatch/internal/versions"
)

// reAside is a parenthetical beside a name: (…), （…）, […], 【…】.
var reAside = regexp.MustCompile(`\s*[(（\[【][^()（）\[\]【】]*[)）\]】]\s*`)

// Kind names a monthly report's versions in record_versions.
const Kind = "monthly_report"

// Deps are what filing and comparing read.
type Deps struct {
	Store   core.Store
	Catalog func() *catalog.Catalog
	Now     func() time.Time
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}

// materials are the catalogue's and the store's, by id and by name.
func (d Deps) materials(ctx context.Context) (map[string]string, []*core.Material, error) {
	extra, err := d.Store.Materials().All(ctx)
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]string{}
	add := func(m *core.Material) {
		for _, n := range []string{m.ID, m.NameZh, m.NameEn} {
			if n != "" {
				byName[textnorm.Fold(n)] = m.ID
			}
		}
	}
	for _, m := range d.Catalog().Materials {
		add(m)
	}
	for _, m := range extra {
		add(m)
	}
	return byName, extra, nil
}

// Check resolves each report's material (its id or its name in either
// language) and checks its figures: none negative, the month not in the
// future, and the books balancing — closing = opening + received +
// produced − consumed − shipped − exported, to the half kilogram.
func Check(rs []*core.MonthlyReport, byName map[string]string, today core.Date) []Problem {
	var ps []Problem
	thisMonth := today.Month()
	for i, r := range rs {
		at := func(col, msg string) Problem {
			return Problem{Line: lineOf(r.Source), Field: fmt.Sprintf("reports/%d/%s", i, col), Column: col, Message: msg}
		}
		id, ok := byName[textnorm.Fold(r.Material)]
		if !ok {
			// "锑锭(99.65%)": the name with a grade or note beside it.
			id, ok = byName[textnorm.Fold(reAside.ReplaceAllString(r.Material, ""))]
		}
		if !ok {
			ps = append(ps, at("material", fmt.Sprintf("no material %q in the catalogue or the ledger's materials", r.Material)))
			continue
		}
		r.Material = id
		if r.Month > thisMonth {
			ps = append(ps, at("month", fmt.Sprintf("%s has not ended", r.Month)))
		}
		for _, f := range []struct {
			col string
			v   core.Decimal
		}{{"opening_kg", r.Opening}, {"received_kg", r.Received}, {"produced_kg", r.Produced}, {"consumed_kg", r.Consumed},
			{"shipped_kg", r.Shipped}, {"exported_kg", r.Exported}, {"closing_kg", r.Closing}} {
			if f.v < 0 {
				ps = append(ps, at(f.col, "a quantity is not negative"))
			}
		}
		sum := r.Opening + r.Received + r.Produced - r.Consumed - r.Shipped - r.Exported
		if math.Abs((sum - r.Closing).Float()) > 0.5 {
			ps = append(ps, at("closing_kg", fmt.Sprintf("the books do not balance: opening + received + produced − consumed − shipped − exported = %s kg, closing says %s kg", sum, r.Closing)))
		}
	}
	return ps
}

func lineOf(source string) int {
	var n int
	if i := strings.LastIndex(source, " line "); i >= 0 {
		fmt.Sscanf(source[i+6:], "%d", &n)
	}
	return n
}

// Outcome is what filing did.
type Outcome struct {
	versions.Tally
	Problems []Problem `json:"problems"`
}

// File stores an enterprise user's reports of its own enterprise, all or
// none: a report with a problem stores nothing, and every problem is
// returned. Each report that changed keeps its earlier figures as a
// version and is audited.
func File(ctx context.Context, d Deps, u *core.User, rs []*core.MonthlyReport, source string) (*Outcome, error) {
	if u.Role != core.RoleEnterprise || u.EnterpriseUSCC == "" {
		return nil, core.Errorf(core.EFORBIDDEN, "only an enterprise's user files its monthly reports")
	}
	if len(rs) == 0 {
		return nil, core.FieldErrorf("reports", "no reports to file")
	}
	byName, _, err := d.materials(ctx)
	if err != nil {
		return nil, err
	}
	now := d.now()
	out := &Outcome{Problems: Check(rs, byName, core.DateOf(now))}
	if len(out.Problems) > 0 {
		return out, nil
	}
	who := audit.Actor{Name: u.Name, Agency: u.Agency}
	err = d.Store.WithTx(ctx, func(r core.Repos) error {
		if _, err := r.Enterprises().Get(ctx, u.EnterpriseUSCC); err != nil {
			return err
		}
		for _, m := range rs {
			m.USCC, m.FiledBy, m.FiledAt = u.EnterpriseUSCC, u.Name, now
			if m.Source == "" {
				m.Source = source
			}
			prev, err := r.MonthlyReports().Get(ctx, m.USCC, m.Month, m.Material)
			if core.ErrorCode(err) == core.ENOTFOUND {
				prev = nil
			} else if err != nil {
				return err
			}
			changed, err := r.MonthlyReports().Put(ctx, m)
			if err != nil {
				return err
			}
			key := string(m.USCC) + "/" + m.Month + "/" + m.Material
			if err := versions.Count(ctx, r, &out.Tally, Kind, key, prev, m, changed, u.Name, m.Source, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, r, who, "monthly_reports.file", string(u.EnterpriseUSCC), nil, nil,
			fmt.Sprintf("%d stored, %d amended, %d unchanged from %s", out.Stored, out.Amended, out.Unchanged, source))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Figures are the seven figures of one month's books of one material.
var Figures = []string{"opening_kg", "received_kg", "produced_kg", "consumed_kg", "shipped_kg", "exported_kg", "closing_kg"}

// Cell is one figure as filed and as the events imply.
type Cell struct {
	Figure  string  `json:"figure"`
	Filed   float64 `json:"filed_kg"`
	Implied float64 `json:"implied_kg"`
	Diff    float64 `json:"diff_kg"`
	Agree   bool    `json:"agree"`
}

// Line is one material and month compared.
type Line struct {
	Month    string `json:"month"`
	Material string `json:"material"`
	// Status: agree, disagree, not_filed (the events show activity and
	// nothing was filed) or no_events (filed, and no event shows it).
	Status string              `json:"status"`
	Cells  []Cell              `json:"cells"`
	Filed  *core.MonthlyReport `json:"filed,omitempty"`
}

// Comparison is an enterprise's filed books against the implied ones.
type Comparison struct {
	USCC      core.USCC `json:"uscc"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Lines     []Line    `json:"lines"`
	Disagree  int       `json:"disagree"`
	NotFiled  int       `json:"not_filed"`
	NoEvents  int       `json:"no_events"`
	Tolerance string    `json:"tolerance"`
}

// agree says whether a filed figure matches the implied one: within a
// kilogram, or 1 % of the larger for large figures (weighing and
// rounding differ between a warehouse's scale and an event's quantity).
func agree(filed, implied float64) bool {
	return math.Abs(filed-implied) <= math.Max(1, 0.01*math.Max(math.Abs(filed), math.Abs(implied)))
}

// Visible says whether u may read uscc's books: the enterprise itself, or
// an officer of the ledger of its province (or a national one).
func Visible(ctx context.Context, s core.Store, u *core.User, uscc core.USCC) error {
	if u.Role == core.RoleEnterprise {
		if u.EnterpriseUSCC != uscc {
			return core.Errorf(core.ENOTFOUND, "enterprise %s is not in the ledger", uscc)
		}
		return nil
	}
	e, err := s.Enterprises().Get(ctx, uscc)
	if err != nil {
		return err
	}
	if u.Province != "" && e.Province != u.Province {
		return core.Errorf(core.ENOTFOUND, "enterprise %s is not in the ledger", uscc)
	}
	return nil
}

// Compare sets uscc's filed books of the months from..to against those
// its events and declarations imply.
func Compare(ctx context.Context, d Deps, u *core.User, uscc core.USCC, from, to string) (*Comparison, error) {
	if err := Visible(ctx, d.Store, u, uscc); err != nil {
		return nil, err
	}
	_, extra, err := d.materials(ctx)
	if err != nil {
		return nil, err
	}
	cat := d.Catalog()
	exports, err := analysis.Exports(ctx, d.Store, cat, extra)
	if err != nil {
		return nil, err
	}
	books, err := balance.ForEnterprise(ctx, d.Store, uscc, "", "", analysis.Yields(cat, extra), exports)
	if err != nil {
		return nil, err
	}
	filed, err := d.Store.MonthlyReports().List(ctx, core.MonthlyReportFilter{USCC: uscc, From: from, To: to})
	if err != nil {
		return nil, err
	}
	type key struct{ month, material string }
	implied := map[key]balance.Row{}
	for _, r := range books.Rows {
		if (from == "" || r.Month >= from) && (to == "" || r.Month <= to) {
			implied[key{r.Month, r.Material}] = r
		}
	}
	c := &Comparison{USCC: uscc, From: from, To: to, Lines: []Line{}, Tolerance: "1 kg or 1 %"}
	seen := map[key]bool{}
	for _, f := range filed {
		k := key{f.Month, f.Material}
		seen[k] = true
		l := Line{Month: f.Month, Material: f.Material, Filed: f}
		row, ok := implied[k]
		fv := []float64{f.Opening.Float(), f.Received.Float(), f.Produced.Float(), f.Consumed.Float(), f.Shipped.Float(), f.Exported.Float(), f.Closing.Float()}
		iv := []float64{row.Opening, row.Received, row.Produced, row.Consumed, row.Shipped, row.Exported, row.Closing}
		all := true
		for i, fig := range Figures {
			cell := Cell{Figure: fig, Filed: fv[i], Implied: iv[i], Diff: round1(fv[i] - iv[i]), Agree: agree(fv[i], iv[i])}
			all = all && cell.Agree
			l.Cells = append(l.Cells, cell)
		}
		switch {
		case !ok && slices.ContainsFunc(fv, func(v float64) bool { return v != 0 }):
			l.Status = "no_events"
			c.NoEvents++
		case all:
			l.Status = "agree"
		default:
			l.Status = "disagree"
			c.Disagree++
		}
		c.Lines = append(c.Lines, l)
	}
	for k, row := range implied {
		if seen[k] {
			continue
		}
		if row.Received == 0 && row.Produced == 0 && row.Consumed == 0 && row.Shipped == 0 && row.Exported == 0 {
			continue // stock held, nothing moved: a month may go unreported
		}
		l := Line{Month: k.month, Material: k.material, Status: "not_filed"}
		iv := []float64{row.Opening, row.Received, row.Produced, row.Consumed, row.Shipped, row.Exported, row.Closing}
		for i, fig := range Figures {
			l.Cells = append(l.Cells, Cell{Figure: fig, Implied: iv[i], Diff: round1(-iv[i]), Agree: iv[i] == 0})
		}
		c.NotFiled++
		c.Lines = append(c.Lines, l)
	}
	slices.SortFunc(c.Lines, func(a, b Line) int {
		if a.Month != b.Month {
			return strings.Compare(b.Month, a.Month)
		}
		return strings.Compare(a.Material, b.Material)
	})
	return c, nil
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
