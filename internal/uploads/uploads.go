// Package uploads runs the jobs of bundles uploaded on the import page:
// kept in the store as they go (core.UploadJob), so that a job's page
// answers on every server. A job is run by the server that took the
// upload, or, where servers and workers share NATS JetStream, by a worker:
// the bundle then waits in the store, and the results go back there
// (docs/scale.md).
package uploads

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/core"
)

// Queue is the work queue of uploads for workers (internal/bus).
const Queue = "import"

// KeepJobs is how long a finished or abandoned job's page stays.
const KeepJobs = 7 * 24 * time.Hour

// flushEvery bounds how often a running job writes its progress: a
// million-row table reports progress thousands of times.
const flushEvery = 500 * time.Millisecond

// ShownRejections is how many rejected rows a finished job keeps to show;
// all of them are in its rejected.jsonl.
const ShownRejections = 500

// ResultFiles are the files an analysis writes, the only names the
// results are read back by.
var ResultFiles = []string{"report.html", "summary.json", "declarations.jsonl", "alerts.jsonl", "rejected.jsonl"}

// Job is the runner's side of an upload job.
type Job struct {
	store core.Store
	now   func() time.Time

	mu     sync.Mutex
	row    core.UploadJob
	tables map[string][2]int // table → done, total
	order  []string
	saved  time.Time // by the wall clock, for flushEvery
}

// Start stores a new job in state.
func Start(ctx context.Context, s core.Store, owner, name, state string, now func() time.Time) (*Job, error) {
	t := now()
	j := &Job{store: s, now: now, tables: map[string][2]int{},
		row: core.UploadJob{ID: access.NewID(), Owner: owner, Name: name, State: state, Started: t, Updated: t}}
	if err := s.UploadJobs().Save(ctx, &j.row); err != nil {
		return nil, err
	}
	// Old jobs go as new ones come: no sweeper to run.
	if err := s.UploadJobs().Prune(ctx, t.Add(-KeepJobs)); err != nil {
		return nil, err
	}
	return j, nil
}

// Resume takes up a stored job: a worker's, from its queue.
func Resume(s core.Store, row *core.UploadJob, now func() time.Time) *Job {
	j := &Job{store: s, now: now, tables: map[string][2]int{}, row: *row}
	var ps []ProgressRow
	if json.Unmarshal(row.Progress, &ps) == nil {
		for _, p := range ps {
			j.order = append(j.order, p.Table)
			j.tables[p.Table] = [2]int{p.Done, p.Total}
		}
	}
	return j
}

// ID is the job's id.
func (j *Job) ID() string { return j.row.ID }

// ProgressRow is one table's progress: a job stores a list of them as
// JSON (core.UploadJob.Progress), and its page shows them.
type ProgressRow struct {
	Table   string `json:"table"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Percent int    `json:"percent"`
}

// save writes the job; the lock is held. A store that does not answer
// leaves the page behind, not the analysis.
func (j *Job) save() {
	j.row.Updated = j.now()
	b, _ := json.Marshal(j.progressLocked())
	j.row.Progress = b
	if err := j.store.UploadJobs().Save(context.Background(), &j.row); err == nil {
		j.saved = time.Now()
	}
}

func (j *Job) progressLocked() []ProgressRow {
	var out []ProgressRow
	for _, t := range j.order {
		p := j.tables[t]
		pct := 100
		if p[1] > 0 {
			pct = 100 * p[0] / p[1]
		}
		out = append(out, ProgressRow{t, p[0], p[1], pct})
	}
	return out
}

// Progress records how far a table's rows are read (ingest.Progress).
func (j *Job) Progress(table string, done, total int) {
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

// Running marks the job as running.
func (j *Job) Running() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.row.State = core.UploadRunning
	j.save()
}

// Finish records the job's outcome: the analysis's summary and first
// rejected rows, where its results are, or its error.
func (j *Job) Finish(res *analysis.Result, resultID string, err error) {
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
		j.row.Rejected, _ = json.Marshal(res.Bundle.Rejected[:min(len(res.Bundle.Rejected), ShownRejections)])
	}
	j.save()
}
