package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/versions"
)

// checkOwners refuses, before anything of the part is written, a bundle
// that would give stored licences to other exporters: two bundles reusing
// a licence number silently moved a declaration's licence under it.
// reassign lets it through.
func checkOwners(ctx context.Context, s core.Store, b *bundle.Bundle, reassign bool) error {
	if reassign {
		return nil
	}
	var moved []string
	n := 0
	for _, l := range b.Licences {
		old, err := s.Licences().Get(ctx, l.No)
		if core.ErrorCode(err) == core.ENOTFOUND {
			continue
		}
		if err != nil {
			return fmt.Errorf("licence %s: %w", l.No, err)
		}
		if old.ExporterUSCC != l.ExporterUSCC {
			n++
			if len(moved) < 10 {
				moved = append(moved, fmt.Sprintf("%s (held by %s, the bundle gives it to %s)", l.No, old.ExporterUSCC, l.ExporterUSCC))
			}
		}
	}
	if n == 0 {
		return nil
	}
	more := ""
	if n > len(moved) {
		more = fmt.Sprintf(" and %d more", n-len(moved))
	}
	return &core.Error{Code: core.ECONFLICT, Field: "licences.csv", Message: fmt.Sprintf(
		"%d licence(s) in the store belong to other exporters than the bundle says: %s%s; nothing was imported — import again with --reassign if the bundle is right",
		n, strings.Join(moved, "; "), more)}
}

// keepVersions keeps a licence's state before the import changed it (as
// its first version when it has none yet) and the state the import gave
// it, saying which import; its dated changes are kept apart, not in its
// versions.
func keepVersions(ctx context.Context, r core.Repos, before, after *core.Licence, who audit.Actor, importID string) error {
	b, a := *before, *after
	b.Changes, a.Changes = nil, nil
	return versions.KeepFrom(ctx, r, core.VersionLicence, after.No, &b, &a, who.Name,
		"import "+importID+" (licences.csv)", "as stored before import "+importID, time.Now())
}
