package core

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"time"
)

// AuditEntry is one row of the audit trail: who, from which agency, when,
// what, and digests of the object before and after.
type AuditEntry struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Agency string    `json:"agency,omitempty"`
	Action string    `json:"action"` // e.g. ledger.add, user.disable, import, events.capture
	Object string    `json:"object"`
	Before string    `json:"before_digest,omitempty"`
	After  string    `json:"after_digest,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Prev   string    `json:"prev_hash"`
	Hash   string    `json:"hash"`
}

// AuditRepo is the append-only, hash-chained audit trail. Append must run
// in the transaction of the change it records.
type AuditRepo interface {
	Append(ctx context.Context, e *AuditEntry) error
	// List returns entries in sequence order with At in [from, to); zero
	// bounds are open.
	List(ctx context.Context, from, to time.Time) ([]*AuditEntry, error)
	// ForObject returns the entries about one object (a case id, a USCC, a
	// licence number), in sequence order.
	ForObject(ctx context.Context, object string) ([]*AuditEntry, error)
	// Head is the newest sequence number and hash, kept apart from the
	// rows so that deleting the newest rows shows too.
	Head(ctx context.Context) (seq int64, hash string, err error)
}

// AuditKey keys the audit chain. It is kept outside the database (a file
// of the operator's), so that someone who can write to the database cannot
// recompute the chain after rewriting it. Since is the first row it keys:
// rows before it were written before the trail had a key.
type AuditKey struct {
	MAC   []byte
	Since int64
}

// Keys reports whether row seq is keyed.
func (k *AuditKey) Keys(seq int64) bool { return k != nil && seq >= k.Since }

// AuditHash is the chain's hash of an entry: SHA-256 over the previous
// hash and every field (length-prefixed), so that editing, deleting or
// reordering a row breaks the chain from there on.
func AuditHash(e *AuditEntry) string {
	h := sha256.New()
	auditFields(h, e)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditMAC is the keyed chain's hash: HMAC-SHA256 with the key over what
// AuditHash covers. Without the key, a rewritten row's MAC cannot be made.
func AuditMAC(e *AuditEntry, key []byte) string {
	h := hmac.New(sha256.New, key)
	auditFields(h, e)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainHash is the hash row e must carry under key k.
func (k *AuditKey) ChainHash(e *AuditEntry) string {
	if k.Keys(e.Seq) {
		return AuditMAC(e, k.MAC)
	}
	return AuditHash(e)
}

func auditFields(h hash.Hash, e *AuditEntry) {
	for _, f := range []string{e.Prev, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Agency,
		e.Action, e.Object, e.Before, e.After, e.Detail} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
}
