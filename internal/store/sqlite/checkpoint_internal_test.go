package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckpointBySize: a WAL past walCheckpoint is copied back into the
// database file, and one past walLimit emptied, by the checkpointer alone
// (the writer never checkpoints).
func TestCheckpointBySize(t *testing.T) {
	oldEvery, oldAt, oldLimit := checkpointInterval, walCheckpoint, walLimit
	checkpointInterval, walCheckpoint, walLimit = 50*time.Millisecond, 64<<10, 256<<10
	defer func() { checkpointInterval, walCheckpoint, walLimit = oldEvery, oldAt, oldLimit }()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := db.SQL()
	if _, err := w.ExecContext(ctx, `CREATE TABLE filler (s TEXT)`); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if _, err := w.ExecContext(ctx, `INSERT INTO filler (s) VALUES (?)`, strings.Repeat("x", 4000)); err != nil {
			t.Fatal(err)
		}
	}
	var wal, main int64
	for range 100 {
		time.Sleep(50 * time.Millisecond)
		fw, _ := os.Stat(path + "-wal")
		fm, _ := os.Stat(path)
		if fw != nil && fm != nil {
			wal, main = fw.Size(), fm.Size()
		}
		if main > 400<<10 && wal < walLimit {
			return
		}
	}
	t.Errorf("after the checkpointer's looks: database file %d bytes, WAL %d", main, wal)
}
