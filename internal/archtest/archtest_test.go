// Package archtest enforces the import direction ARCHITECTURE.md describes.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "orewatch"

// imports maps each package directory (relative to the module root) to the
// packages its non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[rel] = append(out[rel], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func isStd(p string) bool {
	return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") && !strings.HasPrefix(p, module)
}

var drivers = []string{"modernc.org/sqlite", "github.com/jackc/pgx", "database/sql/driver"}

func TestImportDirection(t *testing.T) {
	all := imports(t)
	if len(all) < 8 {
		t.Fatalf("found only %d packages; is the walk rooted right?", len(all))
	}
	for pkg, ims := range all {
		for _, im := range ims {
			internal := strings.TrimPrefix(im, module+"/")
			switch {
			case pkg == "internal/core":
				if !isStd(im) {
					t.Errorf("internal/core imports %s: core may import only the standard library", im)
				}
				if im == "database/sql" || im == "net/http" || im == "os" {
					t.Errorf("internal/core imports %s: core does no I/O", im)
				}
			case strings.HasPrefix(pkg, "internal/store"):
				// The store may import core and its own packages and drivers.
				if strings.HasPrefix(im, module+"/") && !strings.HasPrefix(internal, "internal/store") && internal != "internal/core" {
					t.Errorf("%s imports %s: store packages import only core and each other", pkg, im)
				}
			default:
				for _, d := range drivers {
					if strings.HasPrefix(im, d) && im != "database/sql/driver" {
						t.Errorf("%s imports driver %s: only internal/store/* may", pkg, im)
					}
				}
				if strings.HasPrefix(internal, "internal/store") && pkg != "cmd/orewatch" && pkg != "internal/config" {
					t.Errorf("%s imports %s: only cmd (and its config wiring) picks a store", pkg, im)
				}
				if (strings.HasPrefix(pkg, "internal/httpapi") || strings.HasPrefix(pkg, "internal/web")) && im == "database/sql" {
					t.Errorf("%s imports database/sql: transports never touch SQL", pkg)
				}
				if !strings.HasPrefix(pkg, "cmd/") && (strings.HasPrefix(internal, "internal/httpapi") || strings.HasPrefix(internal, "internal/web")) {
					t.Errorf("%s imports transport %s", pkg, im)
				}
			}
		}
	}
}
