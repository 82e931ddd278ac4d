package web

import (
	"encoding/json"
	"time"

	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/uploads"
)

// An upload's job is run by the server that took the upload, or by a
// worker (internal/uploads), and kept in the store as it goes, so that its
// page answers on every server of one database and after the runner's
// restart.

// lostAfter is how long a running job may stay silent before its page
// says its server stopped: a runner writes at least every half second
// while rows are read, and long steps without rows are under this. A job
// waiting for a worker is not lost: the workers' sweep publishes it again.
const lostAfter = 10 * time.Minute

type jobView struct {
	ID, Name, Took, ResultID, Err string
	Code                          string // the error's, for the page's status
	Finished, Queued              bool
	Tables                        []uploads.ProgressRow
	Summary                       *analysis.Summary
	Rejected                      []bundle.Rejected
	AllRejected                   int
}

// viewOf is what a job's page shows of a stored job.
func viewOf(r *core.UploadJob, now time.Time) jobView {
	v := jobView{ID: r.ID, Name: r.Name, Finished: !r.Finished.IsZero(), Queued: r.State == core.UploadQueued || r.State == core.UploadWaiting,
		AllRejected: r.Rejects, ResultID: r.ResultID, Err: r.Error, Code: r.ErrorCode}
	if !v.Finished && r.State != core.UploadWaiting && now.Sub(r.Updated) > lostAfter {
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
