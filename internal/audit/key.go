package audit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"orewatch/internal/core"
)

// keyFile is the audit key as kept on disk, outside the database: whoever
// can write the database but not read this file cannot make a rewritten
// trail verify.
type keyFile struct {
	Version int       `json:"version"`
	Key     []byte    `json:"key"` // 32 random bytes
	Since   int64     `json:"keyed_since"`
	Created time.Time `json:"created"`
}

// LoadKey reads the audit key at path; ok is false when there is none.
func LoadKey(path string) (k *core.AuditKey, ok bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("audit key: %w", err)
	}
	var f keyFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 || len(f.Key) != 32 || f.Since < 1 {
		return nil, false, fmt.Errorf("audit key %s: not an OreWatch audit key file", path)
	}
	return &core.AuditKey{MAC: f.Key, Since: f.Since}, true, nil
}

// LoadOrCreateKey reads the audit key at path, or makes one that keys the
// trail from the row after its current head. Every server of one database
// must be given the same file.
func LoadOrCreateKey(ctx context.Context, path string, s core.Store, now time.Time) (*core.AuditKey, error) {
	k, ok, err := LoadKey(path)
	if err != nil || ok {
		return k, err
	}
	seq, _, err := s.Audit().Head(ctx)
	if err != nil {
		return nil, err
	}
	f := keyFile{Version: 1, Key: make([]byte, 32), Since: seq + 1, Created: now.UTC()}
	if _, err := rand.Read(f.Key); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	// Written whole beside it, then linked into place: two processes
	// starting at once do not each make a key, and neither reads half a
	// file.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".audit-key-*")
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		k, _, err := LoadKey(path)
		return k, err
	} else if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	return &core.AuditKey{MAC: f.Key, Since: f.Since}, nil
}
