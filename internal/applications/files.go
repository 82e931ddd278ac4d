package applications

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"

	"orewatch/internal/audit"
	"orewatch/internal/casework"
	"orewatch/internal/core"
)

// MaxFile is the largest document an application takes, and MaxFiles
// the most documents: an application's file is bounded, so that no
// account can fill the server's disk through it.
const (
	MaxFile  = 32 << 20
	MaxFiles = 60
)

// Attach adds a document to an application: its exporter while the
// application is open to its changes, MOFCOM's officers while they review
// it (a consulted agency's written opinion, say).
func Attach(ctx context.Context, d Deps, u *core.User, id, kind, name string, content io.Reader) (*core.ApplicationFile, error) {
	if !slices.Contains(DocKinds, kind) {
		return nil, core.FieldErrorf("kind", "a document is one of %v, not %q", DocKinds, kind)
	}
	a, err := get(ctx, d.Store, u, id)
	if err != nil {
		return nil, err
	}
	if err := mayAttach(u, a); err != nil {
		return nil, err
	}
	if fs, err := d.Store.Applications().Files(ctx, a.ID); err != nil {
		return nil, err
	} else if len(fs) >= MaxFiles {
		return nil, core.FieldErrorf("file", "application %s holds %d documents, the most it takes", a.ID, len(fs))
	}
	sha, size, err := d.Files.Put(content, MaxFile)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, core.FieldErrorf("file", "the file is empty")
	}
	f := &core.ApplicationFile{ID: newID(), ApplicationID: a.ID, Kind: kind, Name: casework.CleanName(name), Size: size, SHA256: sha, Author: u.Name, Agency: u.Agency, CreatedAt: d.now()}
	err = d.Store.WithTx(ctx, func(r core.Repos) error {
		a, err := get(ctx, r, u, id)
		if err != nil {
			return err
		}
		if err := mayAttach(u, a); err != nil {
			return err
		}
		if err := r.Applications().AddFile(ctx, f); err != nil {
			return err
		}
		return audit.Record(ctx, r, actor(u), "application.attach", a.ID, nil, f, fmt.Sprintf("%s %s, %d bytes, sha256 %s", f.Kind, f.Name, f.Size, f.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func mayAttach(u *core.User, a *core.LicenceApplication) error {
	switch {
	case owns(u, a) && editable(a.Status):
		return nil
	case owns(u, a):
		return core.Errorf(core.ECONFLICT, "application %s is %s: documents are added while it is a draft, returned or asked for more", a.ID, a.Status)
	case (national(u) || provincial(u, a) || consulted(u, a)) && !a.Status.Final() && a.Status != core.AppDraft:
		return nil
	}
	return core.Errorf(core.EFORBIDDEN, "%s may not add documents to application %s now", u.Name, a.ID)
}

// Open opens a document of an application u may see.
func Open(ctx context.Context, d Deps, u *core.User, id, fileID string) (*core.ApplicationFile, *os.File, error) {
	a, err := get(ctx, d.Store, u, id)
	if err != nil {
		return nil, nil, err
	}
	fs, err := d.Store.Applications().Files(ctx, a.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range fs {
		if f.ID == fileID {
			r, err := d.Files.Open(f.SHA256)
			if err != nil {
				return nil, nil, fmt.Errorf("open document %s of %s: %w", f.ID, a.ID, err)
			}
			return f, r, nil
		}
	}
	return nil, nil, core.Errorf(core.ENOTFOUND, "application %s has no document %s", a.ID, fileID)
}

func newID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
