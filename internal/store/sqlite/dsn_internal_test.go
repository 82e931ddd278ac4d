package sqlite

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
)

// TestReaderPageCache: the writer has half the store's page cache and the
// readers share the rest, so the caches together stay within the bound.
func TestReaderPageCache(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var w int
	if err := db.SQL().QueryRow(`PRAGMA cache_size`).Scan(&w); err != nil || w != -DefaultCacheMiB*1024/2 {
		t.Errorf("writer cache_size %d %v", w, err)
	}
	var r int
	if err := db.ReaderSQL().QueryRow(`PRAGMA cache_size`).Scan(&r); err != nil || r != -DefaultCacheMiB*1024/2/max(4, runtime.GOMAXPROCS(0)) && r != -2048 {
		t.Errorf("reader cache_size %d %v", r, err)
	}
}
