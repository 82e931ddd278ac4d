package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestReaderPageCache: readers keep a small page cache and the writer a
// large one, so the server's memory is bounded by one large cache.
func TestReaderPageCache(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var w int
	if err := db.SQL().QueryRow(`PRAGMA cache_size`).Scan(&w); err != nil || w != -131072 {
		t.Errorf("writer cache_size %d %v", w, err)
	}
	var r int
	if err := db.ReaderSQL().QueryRow(`PRAGMA cache_size`).Scan(&r); err != nil || r != -16384 {
		t.Errorf("reader cache_size %d %v", r, err)
	}
}
