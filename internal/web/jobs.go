package web

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
)

// An upload's job is run by the server that took the upload, and kept in
// the store (core.UploadJob) as it goes, so that its page answers on every
// server of one database and after the runner's restart.

// keepJobs is how long a finished or abandoned job's page stays.
const keepJobs = 7 * 24 * time.Hour

// flushEvery bounds how often a running job writes its progress: a
// million-row table reports progress thousands of times.
const flushEvery = 500 * time.Millisecond

// lostAfter is how long a running job may stay silent before its page
// says its server stopped: a runner writes at least every flushEvery
// while rows are read, and long steps without rows are under this.
const lostAfter = 10 * time.Minute

// job is the runner's side of an upload job.
type job struct {
	store core.Store
	now   func() time.Time

	mu     sync.Mutex
	row    core.UploadJob
	tables map[string][2]int // table → done, total
	order  []string
	saved  time.Time // by the wall clock, for flushEvery
}

// shownRejections is how many rejected rows the finished page lists; all
// of them are in rejected.jsonl.
const shownRejections = 500

type tableProgress struct {
	Table   string `json:"table"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Percent int    `json:"percent"`
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

// startJob stores a new job, queued behind any analysis running here.
func startJob(ctx context.Context, s core.Store, owner, name string, now func() time.Time) (*job, error) {
	t := now()
	j := &job{store: s, now: now, tables: map[string][2]int{},
		row: core.UploadJob{ID: access.NewID(), Owner: owner, Name: name, State: core.UploadQueued, Started: t, Updated: t}}
	if err := s.UploadJobs().Save(ctx, &j.row); err != nil {
		return nil, err
	}
	// Old jobs go as new ones come: no sweeper to run.
	if err := s.UploadJobs().Prune(ctx, t.Add(-keepJobs)); err != nil {
		return nil, err
	}
	return j, nil
}

// save writes the job; the lock is held. A store that does not answer
// leaves the page behind, not the analysis.
func (j *job) save() {
	j.row.Updated = j.now()
	b, _ := json.Marshal(j.progressLocked())
	j.row.Progress = b
	if err := j.store.UploadJobs().Save(context.Background(), &j.row); err == nil {
		j.saved = time.Now()
	}
}

func (j *job) progressLocked() []tableProgress {
	var out []tableProgress
	for _, t := range j.order {
		p := j.tables[t]
		pct := 100
		if p[1] > 0 {
			pct = 100 * p[0] / p[1]
		}
		out = append(out, tableProgress{t, p[0], p[1], pct})
	}
	return out
}

func (j *job) progress(table string, done, total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.tables[table]; !ok {
		j.order = append(j.order, table)
	}
	j.tables[table] = [2]int{done, total}
	if time.Since(j.saved) >= flushEvery || done == total {
		j.save()
	}
}

func (j *job) running() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.row.State = core.UploadRunning
	j.save()
}

func (j *job) finish(res *analysis.Result, resultID string, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.row.Finished, j.row.ResultID, j.row.State = j.now(), resultID, core.UploadDone
	if err != nil {
		j.row.State, j.row.Error, j.row.ErrorCode = core.UploadFailed, core.ErrorMessage(err), core.ErrorCode(err)
	}
	if res != nil {
		sum := res.Summarize()
		j.row.Summary, _ = json.Marshal(sum)
		j.row.Rejects = len(res.Bundle.Rejected)
		j.row.Rejected, _ = json.Marshal(res.Bundle.Rejected[:min(len(res.Bundle.Rejected), shownRejections)])
	}
	j.save()
}

// viewOf is what a job's page shows of a stored job.
func viewOf(r *core.UploadJob, now time.Time) jobView {
	v := jobView{ID: r.ID, Name: r.Name, Finished: !r.Finished.IsZero(), Queued: r.State == core.UploadQueued,
		AllRejected: r.Rejects, ResultID: r.ResultID, Err: r.Error, Code: r.ErrorCode}
	if !v.Finished && now.Sub(r.Updated) > lostAfter {
		v.Finished, v.Queued = true, false
		v.Err, v.Code = "the server running this import stopped before it finished: upload the bundle again (importing it again changes only what is new)", core.EUNAVAILABLE
	}
	_ = json.Unmarshal(r.Progress, &v.Tables)
	if len(r.Summary) > 0 {
		var sum analysis.Summary
		if json.Unmarshal(r.Summary, &sum) == nil {
			v.Summary = &sum
		}
	}
	_ = json.Unmarshal(r.Rejected, &v.Rejected)
	if !r.Finished.IsZero() {
		v.Took = r.Finished.Sub(r.Started).Round(time.Millisecond).String()
	}
	return v
}
