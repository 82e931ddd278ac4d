package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// MaxAttachment is the largest file a case takes.
const MaxAttachment = 32 << 20

// Files keeps attachment contents under Dir by their SHA-256, so the name
// a person gave a file never becomes a path and the same file is stored
// once. Dir is the data directory's attachments/ or an object-store mount.
type Files struct{ Dir string }

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (f Files) path(sha string) (string, error) {
	if !shaRe.MatchString(sha) {
		return "", core.Errorf(core.EINVALID, "not a content address: %q", sha)
	}
	return filepath.Join(f.Dir, sha[:2], sha), nil
}

// Put stores r (at most limit bytes) and returns its SHA-256 and size.
func (f Files) Put(r io.Reader, limit int64) (string, int64, error) {
	if f.Dir == "" {
		return "", 0, errors.New("no attachment directory configured")
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return "", 0, err
	}
	tmp, err := os.CreateTemp(f.Dir, ".upload-*")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, err
	}
	if n > limit {
		return "", 0, core.FieldErrorf("file", "the file is larger than %d MiB", limit>>20)
	}
	sha := hex.EncodeToString(h.Sum(nil))
	dst, _ := f.path(sha)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, err
	}
	return sha, n, nil
}

// Open opens a stored file by its SHA-256.
func (f Files) Open(sha string) (*os.File, error) {
	p, err := f.path(sha)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// CleanName keeps what a person would recognise of an uploaded name: the
// last path element, without control characters, at most 200 characters.
func CleanName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" {
		return "attachment"
	}
	return name
}

// Attach adds a file to an open case the officer may see, read by whom
// visibility says, as notes are.
func Attach(ctx context.Context, s core.Store, files Files, o Officer, caseID, name string, content io.Reader, sh Share, now time.Time) (*core.CaseAttachment, error) {
	c, err := visibleCase(ctx, s, o, caseID)
	if err != nil {
		return nil, err
	}
	sha, size, err := files.Put(content, MaxAttachment)
	if err != nil {
		return nil, err
	}
	a := &core.CaseAttachment{ID: newID(), CaseID: caseID, Name: CleanName(name), Size: size, SHA256: sha, Author: o.Name, Agency: o.Agency, CreatedAt: now.UTC(),
		Visibility: visibility(o, c, sh)}
	err = s.WithTx(ctx, func(r core.Repos) error {
		if _, err := openCase(ctx, r, o, caseID); err != nil {
			return err
		}
		if err := r.Cases().AddAttachment(ctx, a); err != nil {
			return err
		}
		return audit.Record(ctx, r, o.actor(), "case.attach", caseID, nil, a, fmt.Sprintf("%s, %d bytes, sha256 %s", a.Name, a.Size, a.SHA256))
	})
	return a, err
}

// CanReadAttachment reports whether the officer may read an attachment.
func CanReadAttachment(o Officer, c *core.Case, a *core.CaseAttachment) bool {
	return CanSee(o, c) && (o.Agency == a.Agency || len(a.Visibility) == 0 || slices.Contains(a.Visibility, o.Agency))
}

// Attachments lists the attachments of a case the officer may read.
func Attachments(ctx context.Context, s core.Store, o Officer, caseID string) ([]*core.CaseAttachment, error) {
	c, err := visibleCase(ctx, s, o, caseID)
	if err != nil {
		return nil, err
	}
	all, err := s.Cases().Attachments(ctx, caseID)
	if err != nil {
		return nil, err
	}
	out := []*core.CaseAttachment{}
	for _, a := range all {
		if CanReadAttachment(o, c, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// OpenAttachment opens an attachment the officer may read; the read is
// audited. Any other answers not found.
func OpenAttachment(ctx context.Context, s core.Store, files Files, o Officer, caseID, id string) (*core.CaseAttachment, *os.File, error) {
	var a *core.CaseAttachment
	err := s.WithTx(ctx, func(r core.Repos) error {
		c, err := visibleCase(ctx, r, o, caseID)
		if err != nil {
			return err
		}
		if a, err = r.Cases().Attachment(ctx, id); err != nil {
			return err
		}
		if a.CaseID != caseID || !CanReadAttachment(o, c, a) {
			return core.Errorf(core.ENOTFOUND, "attachment %s not found", id)
		}
		return audit.Record(ctx, r, o.actor(), "case.attachment.read", caseID, nil, nil, a.ID+" "+a.Name)
	})
	if err != nil {
		return nil, nil, err
	}
	f, err := files.Open(a.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	return a, f, nil
}
