package applications

import (
	"time"

	"orewatch/internal/core"
	"orewatch/internal/workdays"
)

// Limit is the statutory time limit for deciding an application, in
// working days from its acceptance (两用物项出口管制条例, art. 17(1)).
const Limit = 45

// paused are the states whose days the limit does not count: identification,
// experts' opinions and on-site checks (art. 17(3)). Documents asked for
// and agencies consulted count: the article names only these three.
var paused = map[core.ApplicationStatus]bool{core.AppExpertReview: true}

// Clock is the statutory clock of an accepted application.
type Clock struct {
	AcceptedOn core.Date `json:"accepted_on"`
	Limit      int       `json:"limit_working_days"`
	// Used are the working days counted so far, Paused those not counted
	// (documents asked for, agencies consulted).
	Used   int       `json:"used"`
	Paused int       `json:"paused"`
	Left   int       `json:"left"`
	Due    core.Date `json:"due"`
	// Running is false once decided or while paused.
	Running bool `json:"running"`
	Overdue bool `json:"overdue"`
	// Estimated says a year on the way has no published holidays here:
	// its weekdays are all counted as working days.
	Estimated bool `json:"estimated,omitempty"`
	// NoLimit says the limit does not apply, and why: an importer or end
	// user on the watch list (art. 26(2)).
	NoLimit string `json:"no_limit,omitempty"`
}

// ClockOf counts a's working days from its acceptance to today (or to its
// decision) from its steps.
// noLimit, when not empty, says why the limit does not apply.
func ClockOf(days *workdays.Calendar, a *core.LicenceApplication, steps []*core.ApplicationStep, today core.Date, noLimit string) *Clock {
	c := &Clock{AcceptedOn: a.AcceptedOn, Limit: Limit, NoLimit: noLimit}
	end := today
	if a.Status.Final() && !a.DecidedAt.IsZero() {
		end = dayOf(a.DecidedAt)
	}
	// The state in force at the start of each day is the one after the
	// last step taken before it.
	status := core.AppUnderReview
	i := 0
	for d := a.AcceptedOn.AddDays(1); !d.After(end); d = d.AddDays(1) {
		for i < len(steps) && dayOf(steps[i].At).Before(d) {
			if !steps[i].At.IsZero() && !dayOf(steps[i].At).Before(a.AcceptedOn) {
				status = steps[i].To
			}
			i++
		}
		if !days.Covers(d) {
			c.Estimated = true
		}
		if !days.Workday(d) {
			continue
		}
		if paused[status] {
			c.Paused++
		} else {
			c.Used++
		}
	}
	c.Left = c.Limit - c.Used
	c.Due = days.Add(a.AcceptedOn, c.Limit+c.Paused)
	if !days.Covers(c.Due) {
		c.Estimated = true
	}
	c.Running = !a.Status.Final() && !paused[a.Status]
	c.Overdue = !a.Status.Final() && c.Left < 0 && noLimit == ""
	return c
}

func dayOf(t time.Time) core.Date { return core.DateOf(t.In(beijing)) }

// Validity is the last day a licence of the kind granted from a day may
// run to: a single licence one year, a general licence three years.
func Validity(kind core.LicenceKind) func(from core.Date) core.Date {
	years := 1
	if kind == core.KindGeneral {
		years = 3
	}
	return func(from core.Date) core.Date {
		t := from.Time().AddDate(years, 0, -1)
		return core.DateOf(t)
	}
}
