package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"orewatch/internal/audit"
	"orewatch/internal/balance"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/party"
	"orewatch/internal/screen"
	"orewatch/internal/textnorm"
)

// alerts raises one alert per declaration and code, one per enterprise
// missing from (or inactive in) the ledger, one per listed party and one
// per licence drawn past its quantity.
func alerts(rs []screen.Result, parties []*core.Party, listed []Alert) []Alert {
	partyID := partyIndex(parties)
	// A consignee written otherwise than in parties.csv ("Raytheon
	// Missiles & Defence") is the party that matched the same entry, when
	// one alone did.
	byEntry := map[string][]string{}
	for _, a := range listed {
		k := fmt.Sprint(a.Evidence["list"], "|", a.Evidence["list_entry"])
		byEntry[k] = append(byEntry[k], a.SubjectID)
	}
	var out []Alert
	type agg struct {
		alert Alert
		decls []string
	}
	subjects := map[string]*agg{}
	var subjectOrder []string
	for _, r := range rs {
		byCode := map[string][]core.Finding{}
		var codes []string
		for _, f := range r.Findings {
			if _, ok := byCode[f.Code]; !ok {
				codes = append(codes, f.Code)
			}
			byCode[f.Code] = append(byCode[f.Code], f)
		}
		for _, code := range codes {
			fs := byCode[code]
			_, score := screen.Grade(fs)
			ev := map[string]any{"declared_at": r.DeclaredAt.String(), "exporter_uscc": r.ExporterUSCC, "findings": fs}
			out = append(out, Alert{ID: "DEC-" + r.DeclarationNo + "-" + code, SubjectType: "declaration", SubjectID: r.DeclarationNo,
				Code: code, Score: score, Summary: fs[0].Message, SummaryZh: fs[0].MessageZh, Evidence: ev})
			for _, f := range fs {
				var key string
				var a Alert
				switch f.Code {
				case screen.UnregisteredEnterprise:
					u := fmt.Sprint(f.Evidence["uscc"])
					key = "ENT-" + u + "-" + f.Code
					a = Alert{ID: key, SubjectType: "enterprise", SubjectID: u, Code: f.Code,
						Summary:   fmt.Sprintf("%s %s handles controlled or strategic goods without being active in the ledger", f.Evidence["role"], u),
						SummaryZh: fmt.Sprintf("%s未在台账中正常登记却经营管制或战略性矿产", u)}
				case screen.EndUserListed:
					// The party is its id in parties.csv when the name is
					// one of theirs, else the name as written.
					n := fmt.Sprint(f.Evidence["name"])
					subject := n
					if id := partyID[textnorm.Fold(n)]; id != "" {
						subject = id
					} else if ids := byEntry[fmt.Sprint(f.Evidence["list"], "|", f.Evidence["list_entry"])]; len(ids) == 1 {
						subject = ids[0]
					}
					key = "PTY-" + slug(subject) + "-" + f.Code
					a = Alert{ID: key, SubjectType: "party", SubjectID: subject, Code: f.Code,
						Summary:   fmt.Sprintf("%q matches %v on %v", n, f.Evidence["list_entry"], f.Evidence["list"]),
						SummaryZh: fmt.Sprintf("“%s”与%v名单中的“%v”匹配", n, f.Evidence["list"], f.Evidence["list_entry"])}
				case screen.Transshipment:
					// The consignee the goods pass through on their way to
					// a listed end user the declaration names (the
					// screening's finding; the route detector alerts the
					// parties its own findings implicate).
					if f.Evidence["list"] == nil {
						continue
					}
					n := fmt.Sprint(f.Evidence["consignee"])
					subject := n
					if id := partyID[textnorm.Fold(n)]; id != "" {
						subject = id
					}
					key = "PTY-" + slug(subject) + "-" + f.Code
					a = Alert{ID: key, SubjectType: "party", SubjectID: subject, Code: f.Code,
						Summary:   fmt.Sprintf("%q receives goods for the listed end user %v (%v)", n, f.Evidence["end_user"], f.Evidence["list"]),
						SummaryZh: fmt.Sprintf("“%s”为%v名单所列最终用户“%v”收货", n, f.Evidence["list"], f.Evidence["end_user"])}
				case screen.LicenceExceeded:
					// The licensing office's view: which licences were drawn
					// past their quantity, and by which declarations.
					no := fmt.Sprint(f.Evidence["licence_no"])
					key = "LIC-" + slug(no) + "-" + f.Code
					a = Alert{ID: key, SubjectType: "licence", SubjectID: no, Code: f.Code,
						Summary:   fmt.Sprintf("licence %s is drawn past its licensed %v kg", no, f.Evidence["licensed_kg"]),
						SummaryZh: fmt.Sprintf("许可证%s累计出口超过许可数量%v千克", no, f.Evidence["licensed_kg"])}
				default:
					continue
				}
				g, ok := subjects[key]
				if !ok {
					a.Evidence = map[string]any{"first_finding": f}
					g = &agg{alert: a}
					subjects[key] = g
					subjectOrder = append(subjectOrder, key)
				}
				g.decls = append(g.decls, r.DeclarationNo)
				_, s := screen.Grade([]core.Finding{f})
				g.alert.Score = max(g.alert.Score, s)
			}
		}
	}
	for _, k := range subjectOrder {
		g := subjects[k]
		// One declaration's findings are appended together, so its
		// repeats are adjacent.
		g.alert.Evidence["declarations"] = slices.Compact(g.decls)
		out = append(out, g.alert)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// partyIndex finds parties by their folded name.
func partyIndex(ps []*core.Party) map[string]string {
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		if k := textnorm.Fold(p.Name); k != "" {
			if _, dup := m[k]; !dup {
				m[k] = p.ID
			}
		}
	}
	return m
}

// listedParties screens every party the store knows (consignees, end
// users, forwarders of parties.csv), whether or not a declaration names
// it, against the lists in force on the analysis day: a listed party in
// the network is a lead before it ships.
func listedParties(in screen.Input, asOf core.Date, b *bundle.Bundle) []Alert {
	if asOf.IsZero() {
		for _, it := range b.Declarations {
			if it.DeclaredAt.After(asOf) {
				asOf = it.DeclaredAt
			}
		}
	}
	if asOf.IsZero() || len(in.Parties) == 0 || len(in.Lists) == 0 {
		return nil
	}
	seen := map[string]bool{}
	sc := party.NewScreener(in.Lists)
	var out []Alert
	for _, p := range in.Parties {
		id := "PTY-" + slug(p.ID) + "-" + screen.EndUserListed
		if seen[id] {
			continue
		}
		ms := sc.Screen(p.Name, p.Country, asOf)
		if len(ms) == 0 {
			continue
		}
		m := ms[0]
		seen[id] = true
		score := 70 + int(math.Round(25*min(1, (m.Score-party.DefaultThreshold)/(1-party.DefaultThreshold))))
		out = append(out, Alert{ID: id, SubjectType: "party", SubjectID: p.ID, Code: screen.EndUserListed, Score: score,
			Summary:   fmt.Sprintf("party %s %q matches %q on %s (score %.2f)", p.ID, p.Name, m.MatchedName, m.Entry.List, m.Score),
			SummaryZh: fmt.Sprintf("主体%s“%s”与%s名单中的“%s”匹配（相似度%.2f）", p.ID, p.Name, m.Entry.List, m.MatchedName, m.Score),
			Evidence: map[string]any{"party_id": p.ID, "name": p.Name, "country": p.Country, "list": m.Entry.List, "list_entry": m.Entry.Name,
				"matched_name": m.MatchedName, "score": m.Score, "listed_on": m.Entry.ListedOn.String(), "as_of": asOf.String()}})
	}
	return out
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r > 127:
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// leakageAlerts raises one FLOW_LEAKAGE alert per enterprise, scored by
// how much material is unaccounted for.
func leakageAlerts(fs []balance.Finding) []Alert {
	byEnt := map[string][]balance.Finding{}
	var order []string
	for _, f := range fs {
		if _, ok := byEnt[f.Enterprise]; !ok {
			order = append(order, f.Enterprise)
		}
		byEnt[f.Enterprise] = append(byEnt[f.Enterprise], f)
	}
	var out []Alert
	for _, ent := range order {
		list := byEnt[ent]
		total := 0.0
		for _, f := range list {
			total += f.Kg
		}
		score := 60 + int(math.Min(35, 5*math.Log10(1+total)))
		out = append(out, Alert{ID: "ENT-" + ent + "-" + balance.Code, SubjectType: "enterprise", SubjectID: ent, Code: balance.Code,
			Score: score, Summary: fmt.Sprintf("%.0f kg unaccounted for in %d finding(s); first: %s", total, len(list), list[0].Message),
			SummaryZh: fmt.Sprintf("共%.0f千克去向不明（%d项）；首项：%s", total, len(list), list[0].MessageZh),
			Evidence:  map[string]any{"kg": total, "findings": list}})
	}
	return out
}

// persist stores the alerts, with the province of their subject, so that
// officers can work them; re-running an analysis keeps their triage.
func persist(ctx context.Context, d Deps, res *Result) error {
	declProv := map[string]string{}
	for _, r := range res.Declarations {
		declProv[r.DeclarationNo] = res.Provinces[r.ExporterUSCC]
	}
	return audit.Change(ctx, d.Store, d.Actor, "alerts.raise", fmt.Sprintf("%d alerts", len(res.Alerts)), nil, nil, "", func(r core.Repos) error {
		for _, a := range res.Alerts {
			ev, err := json.Marshal(a.Evidence)
			if err != nil {
				return err
			}
			prov := ""
			switch a.SubjectType {
			case "declaration":
				prov = declProv[a.SubjectID]
			case "enterprise":
				prov = res.Provinces[core.USCC(a.SubjectID)]
			}
			if _, err := r.Alerts().Raise(ctx, &core.Alert{ID: a.ID, SubjectType: a.SubjectType, SubjectID: a.SubjectID, Code: a.Code,
				Score: a.Score, Summary: a.Summary, SummaryZh: a.SummaryZh, Evidence: string(ev), Province: prov}); err != nil {
				return err
			}
		}
		return nil
	})
}

// RiskAlertID is the id of a detector's alert on a party or an
// enterprise: the same whether an analysis or a lodging raised it, so
// that either finds the other's and keeps its triage.
func RiskAlertID(subjectType, subjectID, code string) string {
	return subjectPrefix(subjectType) + slug(subjectID) + "-" + code
}

func subjectPrefix(t string) string {
	switch t {
	case "enterprise":
		return "ENT-"
	case "licence":
		return "LIC-"
	}
	return "PTY-"
}
