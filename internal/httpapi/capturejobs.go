package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
)

// captureJob is a capture job as the EPCIS 2.0 REST binding shows one
// (GET /capture/{captureID}): running until a worker has finished it,
// then success with the capture's counts or the problems that refused it.
type captureJob struct {
	CaptureID  string          `json:"captureID"`
	CreatedAt  string          `json:"createdAt"`
	FinishedAt string          `json:"finishedAt,omitempty"`
	Running    bool            `json:"running"`
	Success    bool            `json:"success"`
	State      string          `json:"state"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
}

func captureJobOf(j *core.CaptureJob) captureJob {
	c := captureJob{CaptureID: j.ID, CreatedAt: j.Created.UTC().Format("2006-01-02T15:04:05.000Z"), State: j.State,
		Running: j.State == core.CaptureQueued, Success: j.State == core.CaptureDone, Error: j.Error}
	if !j.Finished.IsZero() {
		c.FinishedAt = j.Finished.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	if len(j.Result) > 0 {
		c.Result = j.Result
	}
	return c
}

// acceptCapture stores the document as a job, durable before the answer,
// and hands it to the workers. A publish that fails loses nothing: the
// workers sweep jobs left queued and publish them again.
func (s *server) acceptCapture(w http.ResponseWriter, r *http.Request, st core.Store, doc []byte) error {
	j, err := epcis.Accept(r.Context(), st, s.EPCIS, doc, s.Now(), actorOf(r))
	if invalidEPCIS(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	if j.State == core.CaptureQueued {
		// Bounded: with NATS away the client would otherwise wait for it,
		// and the stored job is enough for the answer.
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := s.Queue.Publish(ctx, epcis.CaptureQueue, j.ID)
		cancel()
		if err != nil {
			s.Logger.Warn("capture job stored but not published; the workers' sweep will", "id", j.ID, "err", err)
		}
	}
	w.Header().Set("Location", "/api/v1/epcis/capture/"+j.ID)
	writeJSON(w, http.StatusAccepted, captureJobOf(j))
	return nil
}

// captureJobStatus answers a capture job to the user who sent it, or to an
// administrator.
func (s *server) captureJobStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	j, err := st.CaptureJobs().Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	u, _ := access.UserFrom(r.Context())
	if u == nil || (u.Role != core.RoleAdmin && (u.Name != j.Actor || u.Agency != j.Agency)) {
		return core.Errorf(core.ENOTFOUND, "no capture job %q", r.PathValue("id"))
	}
	writeJSON(w, http.StatusOK, captureJobOf(j))
	return nil
}
