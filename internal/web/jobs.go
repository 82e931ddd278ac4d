package web

import (
	"slices"
	"sort"
	"sync"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
)

// jobs are the imports started from the web UI, kept in memory for their
// progress pages (the last few; the results themselves are in the store
// and the results folder).
type jobs struct {
	mu   sync.Mutex
	byID map[string]*job
}

const keptJobs = 50

type job struct {
	ID, Name string
	Owner    string // the user's ID
	Started  time.Time

	mu       sync.Mutex
	tables   map[string][2]int // table → done, total
	order    []string
	finished time.Time
	queued   bool // waiting for another upload's analysis to end
	// What the finished page shows, not the result: a Result holds the
	// whole bundle, and fifty of them held gigabytes.
	summary  *analysis.Summary
	rejected []bundle.Rejected // the first shownRejections
	nRejects int
	resultID string
	err      error
}

// shownRejections is how many rejected rows the finished page lists; all
// of them are in rejected.jsonl.
const shownRejections = 500

type tableProgress struct {
	Table       string
	Done, Total int
	Percent     int
}

type jobView struct {
	ID, Name, Took, ResultID, Err string
	Code                          string // the error's, for the page's status
	Finished, Queued              bool
	Tables                        []tableProgress
	Summary                       *analysis.Summary
	Rejected                      []bundle.Rejected
	AllRejected                   int
}

func (js *jobs) start(owner, name string, now time.Time) *job {
	j := &job{ID: access.NewID(), Owner: owner, Name: name, Started: now, tables: map[string][2]int{}}
	js.mu.Lock()
	defer js.mu.Unlock()
	js.byID[j.ID] = j
	if len(js.byID) > keptJobs {
		var old []*job
		for _, x := range js.byID {
			old = append(old, x)
		}
		sort.Slice(old, func(a, b int) bool { return old[a].Started.Before(old[b].Started) })
		for _, x := range old[:len(old)-keptJobs] {
			delete(js.byID, x.ID)
		}
	}
	return j
}

func (js *jobs) get(id string) (*job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byID[id]
	return j, ok
}

func (j *job) progress(table string, done, total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.tables[table]; !ok {
		j.order = append(j.order, table)
	}
	j.tables[table] = [2]int{done, total}
}

func (j *job) setQueued(q bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.queued = q
}

func (j *job) finish(res *analysis.Result, resultID string, err error, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.resultID, j.err, j.finished = resultID, err, now
	if res != nil {
		sum := res.Summarize()
		j.summary = &sum
		j.nRejects = len(res.Bundle.Rejected)
		j.rejected = slices.Clone(res.Bundle.Rejected[:min(len(res.Bundle.Rejected), shownRejections)])
	}
}

func (j *job) view() jobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{ID: j.ID, Name: j.Name, Finished: !j.finished.IsZero(), Queued: j.queued, Summary: j.summary, Rejected: j.rejected, AllRejected: j.nRejects, ResultID: j.resultID}
	if j.err != nil {
		v.Err, v.Code = core.ErrorMessage(j.err), core.ErrorCode(j.err)
	}
	if v.Finished {
		v.Took = j.finished.Sub(j.Started).Round(time.Millisecond).String()
	}
	for _, t := range j.order {
		p := j.tables[t]
		pct := 100
		if p[1] > 0 {
			pct = 100 * p[0] / p[1]
		}
		v.Tables = append(v.Tables, tableProgress{t, p[0], p[1], pct})
	}
	return v
}
