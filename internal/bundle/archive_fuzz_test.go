package bundle

import (
	"bytes"
	"testing"

	"orewatch/internal/bundle/hostile"
)

// FuzzReadArchive reads arbitrary bytes as a zipped bundle within small
// limits: no panic, no allocation beyond the limits, and for every file
// read, rows read = imported + rejected.
func FuzzReadArchive(f *testing.F) {
	lying, _ := hostile.LyingZip("declarations.csv", []byte(hostile.DeclarationsHeader+"1,2\n"), 1<<40)
	bomb, _ := hostile.Bomb(2 << 20)
	folder, _ := hostile.FolderZip("declarations.csv", []byte(hostile.DeclarationsHeader+"1,2\n"), 1<<40)
	many, _ := hostile.ManyEntries(12)
	good, _ := hostile.Zip([]string{"b/bundle.json", "b/declarations.csv", "b/enterprises.csv", "b/epcis/e.json"}, map[string][]byte{
		"b/bundle.json":      []byte(hostile.Meta),
		"b/declarations.csv": []byte(hostile.DeclarationsHeader + "310120250000000001,1,2025-06-01,91430000MA4L00001X,8110101000,锑锭,1,kg,JP,Tokyo,非管制\n"),
		"b/enterprises.csv":  []byte("uscc,name,province,segments\nbad,湖南\xff,430000,mining\n"),
		"b/epcis/e.json":     []byte(`{"type":"EPCISDocument"}`),
	})
	for _, seed := range [][]byte{lying, folder, bomb, many, good, hostile.LongLine(100)} {
		f.Add(seed)
	}
	lim := Limits{EntryBytes: 1 << 20, TotalBytes: 2 << 20, Ratio: 100, Entries: 10, LineBytes: 4 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, closeFn, err := zipSource(bytes.NewReader(data), int64(len(data)), "fuzz.zip", lim)
		if err != nil {
			return
		}
		defer closeFn()
		b, err := readSource(src, "fuzz.zip")
		if err != nil {
			return
		}
		for _, st := range b.Files {
			if st.Read != st.Imported+st.Rejected {
				t.Fatalf("%s: read %d, imported %d, rejected %d", st.File, st.Read, st.Imported, st.Rejected)
			}
		}
	})
}
