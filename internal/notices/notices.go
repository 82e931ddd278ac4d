// Package notices tells an exporter what it should know before its next
// declaration: a licence about to expire or nearly drawn down, a
// consignee it ships to newly on a restricted-party list, a control that
// starts, is suspended or applies again for goods it exports or holds
// licences for, and a licence application that waits for it or was
// decided.
package notices

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/party"
)

// Kinds of notice.
const (
	LicenceExpiring = "licence_expiring"
	LicenceDrawn    = "licence_drawn"
	ConsigneeListed = "consignee_listed"
	RuleChange      = "rule_change"
	// Application: a licence application waits for the exporter (returned,
	// documents asked for) or was decided lately.
	Application = "application"
)

// Windows: a licence within 30 days of its end or with 80 % drawn; a
// listing of the last 90 days; a control change from 30 days ago to 90
// days ahead; the consignees and goods of the last year.
const (
	expiringDays = 30
	drawnShare   = 0.8
	listedDays   = 90
	changeBefore = 30
	changeAfter  = 90
	historyDays  = 365
	decidedDays  = 30
	maxConsignee = 500
)

// Notice is one thing an exporter should know.
type Notice struct {
	Kind      string    `json:"kind"`
	Day       core.Date `json:"day"` // when it happens or happened
	Subject   string    `json:"subject"`
	Message   string    `json:"message"`
	MessageZh string    `json:"message_zh"`
}

// Deps are what notices are read from.
type Deps struct {
	Store   core.Store
	Catalog *catalog.Catalog
	// Lists are the restricted-party lists in force (shipped and stored).
	Lists func() []*core.ListEntry
}

// For lists an exporter's notices on today, soonest first.
func For(ctx context.Context, d Deps, u core.USCC, today core.Date) ([]Notice, error) {
	out := []Notice{}
	lics, _, err := d.Store.Licences().List(ctx, core.LicenceFilter{ExporterUSCC: u, Status: core.LicenceValid, ValidOn: today, Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("licences of %s: %w", u, err)
	}
	for _, l := range lics {
		if left := daysBetween(today, l.ValidTo); left <= expiringDays {
			out = append(out, Notice{Kind: LicenceExpiring, Day: l.ValidTo, Subject: l.No,
				Message:   fmt.Sprintf("licence %s ends on %s, in %d days", l.No, l.ValidTo, left),
				MessageZh: fmt.Sprintf("许可证%s将于%s到期（剩%d天）", l.No, l.ValidTo, left)})
		}
		limit, err := core.ToKg(l.Quantity, l.Unit)
		if err != nil || limit.Float() <= 0 {
			continue
		}
		drawn, err := d.Store.Lodgements().Drawn(ctx, l.No, "")
		if err != nil {
			return nil, fmt.Errorf("drawdown of %s: %w", l.No, err)
		}
		if share := drawn / limit.Float(); share >= drawnShare {
			out = append(out, Notice{Kind: LicenceDrawn, Day: today, Subject: l.No,
				Message:   fmt.Sprintf("licence %s is %.0f %% drawn: %.0f of %.0f kg", l.No, 100*share, drawn, limit.Float()),
				MessageZh: fmt.Sprintf("许可证%s已使用%.0f%%：%.0f / %.0f千克", l.No, 100*share, drawn, limit.Float())})
		}
	}
	decls, _, err := d.Store.Declarations().List(ctx, core.DeclarationFilter{ExporterUSCC: u, From: today.AddDays(-historyDays), To: today, Limit: 100000})
	if err != nil {
		return nil, fmt.Errorf("declarations of %s: %w", u, err)
	}
	var consignees, codes []string
	country := map[string]string{}
	for _, it := range decls {
		if c := strings.TrimSpace(it.ConsigneeName); c != "" && !slices.Contains(consignees, c) && len(consignees) < maxConsignee {
			consignees = append(consignees, c)
			country[c] = it.DestinationCountry
		}
		if !slices.Contains(codes, it.HSCode) {
			codes = append(codes, it.HSCode)
		}
	}
	// The goods it holds licences for are its goods too, exported or not.
	for _, l := range lics {
		if !slices.Contains(codes, l.HSCode) {
			codes = append(codes, l.HSCode)
		}
	}
	apps, err := applicationNotices(ctx, d.Store, u, today)
	if err != nil {
		return nil, err
	}
	out = append(out, apps...)
	if d.Lists != nil {
		var recent []*core.ListEntry
		for _, e := range d.Lists() {
			if !e.ListedOn.IsZero() && !e.ListedOn.After(today) && !e.ListedOn.Before(today.AddDays(-listedDays)) {
				recent = append(recent, e)
			}
		}
		if len(recent) > 0 {
			sc := party.NewScreener(recent)
			for _, c := range consignees {
				for _, m := range sc.Screen(c, country[c], today) {
					out = append(out, Notice{Kind: ConsigneeListed, Day: m.Entry.ListedOn, Subject: c,
						Message:   fmt.Sprintf("consignee %s is on %s since %s (as %s, %.2f)", c, m.Entry.List, m.Entry.ListedOn, m.Entry.Name, m.Score),
						MessageZh: fmt.Sprintf("境外收货人%s自%s起列入%s（%s，相似度%.2f）", c, m.Entry.ListedOn, m.Entry.List, m.Entry.Name, m.Score)})
				}
			}
		}
	}
	if d.Catalog != nil {
		for _, e := range d.Catalog.Calendar(today.AddDays(-changeBefore), today.AddDays(changeAfter)) {
			var hit []string
			for _, c := range codes {
				if catalog.Covers(e.HSCodes, c) && !slices.Contains(hit, c) {
					hit = append(hit, c)
				}
			}
			if len(hit) == 0 {
				continue
			}
			out = append(out, Notice{Kind: RuleChange, Day: e.Date, Subject: e.Measure,
				Message:   fmt.Sprintf("%s on %s: %s — goods you export: %s", e.Kind, e.Date, e.TitleEn, strings.Join(hit, ", ")),
				MessageZh: fmt.Sprintf("%s（%s）：%s——涉及贵司出口商品%s", e.Date, kindZh(e.Kind), e.TitleZh, strings.Join(hit, "、"))})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day.Before(out[j].Day) })
	return out, nil
}

// applicationNotices are the exporter's applications that wait for it or
// were decided in the last month.
func applicationNotices(ctx context.Context, s core.Store, u core.USCC, today core.Date) ([]Notice, error) {
	as, err := s.Applications().List(ctx, core.ApplicationFilter{ExporterUSCC: u,
		Statuses: []core.ApplicationStatus{core.AppReturned, core.AppInfoRequested, core.AppApproved, core.AppRefused}, Limit: 100})
	if err != nil {
		return nil, fmt.Errorf("applications of %s: %w", u, err)
	}
	var out []Notice
	for _, a := range as {
		day := core.DateOf(a.UpdatedAt)
		n := Notice{Kind: Application, Day: day, Subject: a.ID}
		switch a.Status {
		case core.AppReturned:
			n.Message, n.MessageZh = fmt.Sprintf("application %s was returned for correction: %s", a.ID, a.Reasons), fmt.Sprintf("许可申请%s被退回补正：%s", a.ID, a.Reasons)
		case core.AppInfoRequested:
			n.Message, n.MessageZh = fmt.Sprintf("application %s: MOFCOM asks for documents: %s", a.ID, a.Reasons), fmt.Sprintf("许可申请%s：商务部要求补充材料：%s", a.ID, a.Reasons)
		case core.AppApproved:
			if day.Before(today.AddDays(-decidedDays)) {
				continue
			}
			n.Message, n.MessageZh = fmt.Sprintf("application %s approved: licences %s", a.ID, strings.Join(a.Licences, ", ")), fmt.Sprintf("许可申请%s已准予许可：许可证%s", a.ID, strings.Join(a.Licences, "、"))
		case core.AppRefused:
			if day.Before(today.AddDays(-decidedDays)) {
				continue
			}
			n.Message, n.MessageZh = fmt.Sprintf("application %s refused: %s", a.ID, a.Reasons), fmt.Sprintf("许可申请%s不予许可：%s", a.ID, a.Reasons)
		}
		out = append(out, n)
	}
	return out, nil
}

func daysBetween(a, b core.Date) int {
	return int(b.Time().Sub(a.Time()).Round(time.Hour).Hours() / 24)
}

func kindZh(kind string) string {
	switch kind {
	case catalog.EventSuspended:
		return "暂停实施"
	case catalog.EventSuspensionEnds:
		return "暂停期满、恢复实施"
	}
	return "生效或调整"
}
