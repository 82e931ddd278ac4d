package audit

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"orewatch/internal/core"
)

// Checkpoint is a signed statement of the trail's head at a moment: kept
// outside the database (a file, another system), it shows a trail cut
// back and rebuilt after it, which a chain alone cannot.
type Checkpoint struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
	// Sig is Ed25519 over seq, hash and time, by a key derived from the
	// audit key; PublicKey lets others check it without the audit key.
	Sig string `json:"sig"`
}

func (c Checkpoint) message() []byte {
	return []byte("orewatch-audit-checkpoint/1\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" + c.At.UTC().Format(time.RFC3339Nano))
}

// signer derives the checkpoint signing key from the audit key, so that
// one secret is kept, not two.
func signer(k *core.AuditKey) ed25519.PrivateKey {
	m := hmac.New(sha256.New, k.MAC)
	m.Write([]byte("orewatch audit checkpoint signing key"))
	return ed25519.NewKeyFromSeed(m.Sum(nil))
}

// PublicKey is what checks checkpoints, base64: it can be published.
func PublicKey(k *core.AuditKey) string {
	return base64.StdEncoding.EncodeToString(signer(k).Public().(ed25519.PublicKey))
}

// NewCheckpoint signs the store's current head.
func NewCheckpoint(ctx context.Context, s core.Store, k *core.AuditKey, now time.Time) (Checkpoint, error) {
	seq, hash, err := s.Audit().Head(ctx)
	if err != nil {
		return Checkpoint{}, err
	}
	c := Checkpoint{Seq: seq, Hash: hash, At: now.UTC().Truncate(time.Microsecond)}
	c.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(signer(k), c.message()))
	return c, nil
}

// Valid reports whether c was signed with k.
func (c Checkpoint) Valid(k *core.AuditKey) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Sig)
	return err == nil && ed25519.Verify(signer(k).Public().(ed25519.PublicKey), c.message(), sig)
}

// AppendCheckpoint adds c to a file of checkpoints, one JSON line each.
func AppendCheckpoint(path string, c Checkpoint) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("audit checkpoints: %w", err)
	}
	b, err := json.Marshal(c)
	if err == nil {
		_, err = f.Write(append(b, '\n'))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit checkpoints %s: %w", path, err)
	}
	return nil
}

// ReadCheckpoints reads a checkpoints file; a missing file has none.
func ReadCheckpoints(path string) ([]Checkpoint, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit checkpoints: %w", err)
	}
	defer f.Close()
	return readCheckpoints(f, path)
}

func readCheckpoints(r io.Reader, name string) ([]Checkpoint, error) {
	var out []Checkpoint
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// VerifyKeyed walks the trail with its key and holds it against the
// checkpoints kept elsewhere. Besides what Verify finds, it names rows
// written without the key after the trail was keyed (recomputed by someone
// without it), keyed rows whose MAC does not match (edited, or recomputed
// with another key), and a trail that ends before, or differs at, a row a
// checkpoint vouches for (cut back and rebuilt, the head moved back). A
// checkpoint whose signature fails is itself named.
func VerifyKeyed(ctx context.Context, s core.Store, k *core.AuditKey, cps []Checkpoint) (*Problem, int, error) {
	if k == nil && len(cps) > 0 {
		return nil, 0, errors.New("audit checkpoints need the audit key to be checked")
	}
	es, err := s.Audit().List(ctx, zeroTime, zeroTime)
	if err != nil {
		return nil, 0, err
	}
	headSeq, headHash, err := s.Audit().Head(ctx)
	if err != nil {
		return nil, 0, err
	}
	if p := walk(es, k); p != nil {
		return p, len(es), nil
	}
	n := int64(len(es))
	for _, c := range cps {
		switch {
		case !c.Valid(k):
			return &Problem{Seq: c.Seq, Reason: fmt.Sprintf("the checkpoint of %s for row %d is not signed with this trail's key: forged, or another trail's", c.At.Format(time.RFC3339), c.Seq)}, len(es), nil
		case c.Seq > n:
			return &Problem{Seq: n + 1, Reason: fmt.Sprintf("the trail ends at row %d but the checkpoint of %s vouches for row %d: rows cut from the end and the head moved back", n, c.At.Format(time.RFC3339), c.Seq)}, len(es), nil
		case c.Seq > 0 && es[c.Seq-1].Hash != c.Hash:
			return &Problem{Seq: c.Seq, Reason: fmt.Sprintf("differs from the checkpoint of %s: the trail was rewritten from here or before", c.At.Format(time.RFC3339))}, len(es), nil
		}
	}
	if n != headSeq || (n > 0 && es[n-1].Hash != headHash) || (n == 0 && headHash != "") {
		return &Problem{Seq: n + 1, Reason: fmt.Sprintf("the trail ends at row %d but its head says %d: newest rows deleted", n, headSeq)}, len(es), nil
	}
	return nil, len(es), nil
}

// walk checks sequence, links and hashes: plain SHA-256 before the key's
// first row, HMAC from it on.
func walk(es []*core.AuditEntry, k *core.AuditKey) *Problem {
	prev := ""
	for i, e := range es {
		want := int64(i + 1)
		switch {
		case e.Seq != want:
			return &Problem{Seq: want, Reason: fmt.Sprintf("row %d is missing (next present is %d): deleted", want, e.Seq)}
		case e.Prev != prev:
			return &Problem{Seq: e.Seq, Reason: "does not follow the row before it: rows deleted, inserted or reordered"}
		case k.Keys(e.Seq) && core.AuditHash(e) == e.Hash:
			return &Problem{Seq: e.Seq, Reason: fmt.Sprintf("is hashed without the key although the trail is keyed from row %d: recomputed by someone without the key", k.Since)}
		case k.Keys(e.Seq) && core.AuditMAC(e, k.MAC) != e.Hash:
			return &Problem{Seq: e.Seq, Reason: "its content does not match its keyed hash: edited, or recomputed without the key"}
		case !k.Keys(e.Seq) && core.AuditHash(e) != e.Hash:
			return &Problem{Seq: e.Seq, Reason: "its content does not match its hash: edited"}
		}
		prev = e.Hash
	}
	return nil
}
