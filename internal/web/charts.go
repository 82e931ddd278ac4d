package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// exportsSeries is the chart of a group's exports by destination and
// month, with the dates its controls started (and were suspended) marked.
type exportsSeries struct {
	Group  string       `json:"group"`
	Months []string     `json:"months"`
	Series []destSeries `json:"series"`
	Marks  []mark       `json:"marks"`
}

type destSeries struct {
	Name string    `json:"name"`
	Data []float64 `json:"data"` // tonnes
}

type mark struct {
	Month string `json:"month"`
	Label string `json:"label"`
}

// groups lists the mineral groups with controlled HS codes.
func (s *server) groupCodes() (map[string][]string, []string) {
	by := map[string][]string{}
	seen := map[string]bool{}
	for _, m := range s.cat().Measures {
		for _, it := range m.Items {
			for _, hs := range it.HSCodes {
				if k := it.Group + hs; !seen[k] {
					seen[k] = true
					by[it.Group] = append(by[it.Group], hs)
				}
			}
		}
	}
	var groups []string
	for g := range by {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	return by, groups
}

// exportsChart is a group's exports by month and destination, of the
// province's exporters for a province's officer.
func (s *server) exportsChart(r *http.Request, group, province string) (*exportsSeries, error) {
	by, _ := s.groupCodes()
	rows, err := s.Store.Declarations().Monthly(r.Context(), by[group], province)
	if err != nil {
		return nil, err
	}
	months := map[string]bool{}
	perDest := map[string]map[string]float64{}
	total := map[string]float64{}
	for _, m := range rows {
		months[m.Month] = true
		if perDest[m.Destination] == nil {
			perDest[m.Destination] = map[string]float64{}
		}
		t := m.NetKg.Float() / 1000
		perDest[m.Destination][m.Month] += t
		total[m.Destination] += t
	}
	out := &exportsSeries{Group: group}
	marks := s.controlMarks(group)
	for _, m := range marks {
		months[m.Month] = true
	}
	out.Months = monthRange(months)
	out.Marks = marks
	dests := make([]string, 0, len(total))
	for d := range total {
		dests = append(dests, d)
	}
	sort.Slice(dests, func(i, j int) bool { return total[dests[i]] > total[dests[j]] })
	const shown = 6
	other := destSeries{Name: "other", Data: make([]float64, len(out.Months))}
	for i, d := range dests {
		ser := destSeries{Name: d, Data: make([]float64, len(out.Months))}
		for j, m := range out.Months {
			ser.Data[j] = perDest[d][m]
			if i >= shown {
				other.Data[j] += perDest[d][m]
			}
		}
		if i < shown {
			out.Series = append(out.Series, ser)
		}
	}
	if len(dests) > shown {
		out.Series = append(out.Series, other)
	}
	return out, nil
}

// controlMarks are the dates a group's controls started and were
// suspended.
func (s *server) controlMarks(group string) []mark {
	var out []mark
	for _, m := range s.cat().Measures {
		covers := false
		for _, it := range m.Items {
			covers = covers || it.Group == group
		}
		for _, r := range m.Rules {
			for _, g := range r.Groups {
				covers = covers || g == group
			}
		}
		if !covers {
			continue
		}
		out = append(out, mark{m.Effective.Month(), m.ID})
		for _, w := range m.Suspensions {
			out = append(out, mark{w.From.Month(), m.ID + " suspended"})
		}
		for _, r := range m.Rules {
			for _, w := range r.Suspensions {
				out = append(out, mark{w.From.Month(), m.ID + " art. " + strconv.Itoa(r.Article) + " suspended"})
			}
		}
	}
	return out
}

// monthRange lists every month from the earliest to the latest of set,
// so that the time axis is even.
func monthRange(set map[string]bool) []string {
	var ms []string
	for m := range set {
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return nil
	}
	sort.Strings(ms)
	first, err1 := time.Parse("2006-01", ms[0])
	last, err2 := time.Parse("2006-01", ms[len(ms)-1])
	if err1 != nil || err2 != nil {
		return ms
	}
	var out []string
	for t := first; !t.After(last) && len(out) < 240; t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}
