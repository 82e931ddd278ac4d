package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"orewatch/internal/core"
	"orewatch/internal/geo"
)

func uscc(t testing.TB, first17 string) string {
	c, err := core.USCCCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

func writeBundle(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["bundle.json"]; !ok {
		files["bundle.json"] = []byte(`{"format": "orewatch-bundle/1", "created": "2025-06-01T00:00:00Z", "title": "t", "as_of": "2025-06-01"}`)
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gb18030(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadDeclarationsEnglishUTF8BOM(t *testing.T) {
	exp := uscc(t, "91430000MA4L00001")
	csv := "\ufeffdeclaration_no,item_no,declared_at,exporter_uscc,transport_mode,destination_country,consignee_name,hs_code,goods_name,quantity,unit,net_weight_kg,gross_weight_kg,total_value,currency,remarks,contract_no\n" +
		"530120250000000001,1,2025-03-02," + exp + ",2,NL,Rotterdam Metals B.V.,8110101000,锑锭,\"1,000\",kg,1000,1020,\"235,000\",USD,是否属于管制物项：是,HT-1\n" +
		"530120250000000001,2,2025/03/02," + exp + ",水路运输,荷兰,Rotterdam Metals B.V.,8110.10.1000,锑锭,1.5,吨,1500,1530,350000,美元,,HT-1\n" +
		"530120250000000002,1,20250303," + exp + ",5,XX,Someone,8110101000,锑锭,1,kg,1,1,10,USD,,\n" +
		"530120250000000001,1,2025-03-02," + exp + ",2,NL,dup,8110101000,锑锭,1,kg,1,1,10,USD,,\n" +
		"\n" +
		"530120250000000003,1,2025-03-04,91430000MA4L00002,2,US,X,8110101000,锑锭,1,kg,1,1,10,USD,,\n"
	b, err := Read(writeBundle(t, map[string][]byte{"declarations.csv": []byte(csv)}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("declarations.csv")
	if st.Read != 5 || st.Imported != 2 || st.Rejected != 3 || st.Read != st.Imported+st.Rejected {
		t.Fatalf("stats %+v", st)
	}
	if st.Encoding != EncUTF8BOM || len(st.ExtraColumns) != 1 || st.ExtraColumns[0] != "contract_no" {
		t.Errorf("encoding %s, extra %v", st.Encoding, st.ExtraColumns)
	}
	d2 := b.Declarations[1]
	if d2.TransportMode != "2" || d2.DestinationCountry != "NL" || d2.Unit != "t" || d2.Currency != "USD" || d2.HSCode != "8110101000" || d2.DeclaredAt.String() != "2025-03-02" {
		t.Errorf("normalisation: %+v", d2)
	}
	if b.Declarations[0].Quantity.String() != "1000" || b.Declarations[0].TotalValue.String() != "235000" || b.Declarations[0].Extra["contract_no"] != "HT-1" {
		t.Errorf("numbers or extras: %+v", b.Declarations[0])
	}
	want := map[int]string{4: "destination_country", 5: "declaration_no,item_no", 7: "exporter_uscc"}
	for _, r := range b.Rejected {
		if want[r.Line] != r.Column || r.File != "declarations.csv" || r.Reason == "" {
			t.Errorf("rejected %+v", r)
		}
	}
}

func TestReadGB18030TraditionalHeaders(t *testing.T) {
	u := uscc(t, "91450000MA5K00002")
	// Traditional headers, GB18030 bytes, as a Chinese Excel export might be.
	text := "統一社會信用代碼,企業名稱,省份,環節,礦種,登記日期,台賬狀態,合規制度,地址,負責人\n" +
		u + ",廣西鍺業有限公司,廣西壯族自治區,冶煉|出口,锗|镓,2024-01-05,正常,是,南宁市,李四\n"
	b, err := Read(writeBundle(t, map[string][]byte{"enterprises.csv": gb18030(t, text)}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("enterprises.csv")
	if st.Encoding != EncGB18030 || st.Imported != 1 {
		t.Fatalf("stats %+v rejected %+v", st, b.Rejected)
	}
	e := b.Enterprises[0]
	if e.Province != "450000" || len(e.Segments) != 2 || e.Segments[0] != core.SegSmelting || e.Minerals[0] != "germanium" ||
		!e.ComplianceProgram || e.Status != core.StatusActive || e.Name != "廣西鍺業有限公司" || e.Extra["負責人"] != "李四" {
		t.Errorf("enterprise %+v", e)
	}
}

func TestMissingRequiredHeaderRejectsEveryRow(t *testing.T) {
	b, err := Read(writeBundle(t, map[string][]byte{"licences.csv": []byte("licence_no,status\nL1,valid\nL2,valid\n")}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("licences.csv")
	if st.Read != 2 || st.Rejected != 2 || !strings.Contains(b.Rejected[0].Reason, "exporter_uscc") {
		t.Fatalf("stats %+v rejected %+v", st, b.Rejected)
	}
}

func TestMalformedCSVRowIsRejectedAndReadingGoesOn(t *testing.T) {
	csv := "party_id,name,country\nP1,\"Broken quote,US\nP2,Fine Co,US\n"
	b, err := Read(writeBundle(t, map[string][]byte{"parties.csv": []byte(csv)}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("parties.csv")
	if st.Read != st.Imported+st.Rejected || st.Rejected < 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestReadXLSXAndZip(t *testing.T) {
	u := uscc(t, "91360000MA3R00003")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "licences")
	rows := [][]any{
		{"许可证号", "出口经营者代码", "状态", "使用方式", "有效期起", "有效期止", "商品编号", "数量", "单位", "目的国", "收货人"},
		{"LIC-1", u, "有效", "一批一证", "2025-01-01", "2025-12-31", "2846901940", "500", "千克", "日本", "Tokyo Magnets KK"},
		{"LIC-2", u, "revoked", "", "2025-01-01", "2024-12-31", "2846901940", "500", "kg", "JP", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("licences", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var xb bytes.Buffer
	if err := f.Write(&xb); err != nil {
		t.Fatal(err)
	}
	dir := writeBundle(t, map[string][]byte{"bundle.xlsx": xb.Bytes()})
	b, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("bundle.xlsx#licences")
	if st.Imported != 1 || st.Rejected != 1 || b.Licences[0].Uses != core.UsesSingle || b.Licences[0].Destination != "JP" || b.Licences[0].Unit != "kg" {
		t.Fatalf("xlsx: %+v %+v %+v", st, b.Licences, b.Rejected)
	}
	if b.Rejected[0].Line != 3 || b.Rejected[0].Column != "valid_to" {
		t.Errorf("xlsx rejection %+v", b.Rejected[0])
	}
	// The same bundle zipped inside a top folder.
	zp := filepath.Join(t.TempDir(), "b.zip")
	zf, _ := os.Create(zp)
	zw := zip.NewWriter(zf)
	for _, name := range []string{"bundle.json", "bundle.xlsx"} {
		w, _ := zw.Create("export-2025/" + name)
		data, _ := os.ReadFile(filepath.Join(dir, name))
		w.Write(data)
	}
	zw.Close()
	zf.Close()
	bz, err := Read(zp)
	if err != nil {
		t.Fatal(err)
	}
	if len(bz.Licences) != 1 || len(bz.Rejected) != 1 {
		t.Fatalf("zip: %d licences, %d rejected", len(bz.Licences), len(bz.Rejected))
	}
}

func TestBundleJSONErrors(t *testing.T) {
	for _, meta := range []string{`{"format": "orewatch-bundle/2"}`, `not json`} {
		_, err := Read(writeBundle(t, map[string][]byte{"bundle.json": []byte(meta)}))
		if err == nil || !strings.Contains(err.Error(), "bundle.json") {
			t.Errorf("%s: %v", meta, err)
		}
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing bundle accepted")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("\xef\xbb\xbfa,b\n"))
	f.Add([]byte("\xc9\xcc\xc6\xb7,b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := readCSV(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			return
		}
		if _, off, _, err := c.header(); err == nil {
			piece{start: off, end: len(c.data)}.parse(c, func([]string, int, error) {}, nil)
		}
	})
}

// FuzzSplitIsEncodingCSV: a piece's records, their lines and the errors
// are encoding/csv's, whatever the quotes, line ends and stray bytes.
func FuzzSplitIsEncodingCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,\"b\nc\",d\r\n\n,\n", "x\"y,1\n\"a\"\"b\",2\r", "\"a\"b,c\n1,2", "\r\n\r\r\n\"\n", "a,\"b\"\r\r\nc"} {
		f.Add(s)
	}
	type rec struct {
		fields []string
		line   int
		err    string
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []rec
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		for {
			fields, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				want = append(want, rec{line: pe.StartLine, err: "malformed CSV: " + pe.Err.Error()})
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			line, _ := r.FieldPos(0)
			want = append(want, rec{fields: fields, line: line})
		}
		var got []rec
		c := &csvFile{data: []byte(s)}
		piece{end: len(s)}.parse(c, func(fields []string, line int, err error) {
			r := rec{fields: slices.Clone(fields), line: line}
			if err != nil {
				r.err = err.Error()
			}
			got = append(got, r)
		}, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", s, got, want)
		}
	})
}

// FuzzRecordLine: a line without quotes converts the same whether its
// fields are placed as they are found or split first and then recorded:
// kept or rejected alike, with the same item, extra columns and reason.
// One header has an unknown and an unnamed column; the other lacks
// required columns.
func FuzzRecordLine(f *testing.F) {
	exp := uscc(f, "91430000MA4L00001")
	for _, s := range []string{
		"530120250000000001,1,2025-03-01," + exp + ",sea,NL,Rotterdam Metals B.V.,8110101000,锑锭,100,kg,100,110,1000,USD,备注,note,x",
		"530120250000000001,1,2025-03-01," + exp + ",sea,NL, Rotterdam ,8110101000,锑锭\u3000,1,t,100,90,1000,usd,,,",
		"530120250000000001,2,2025-03-01," + exp + ",2,NL,Acme,8110101000,goods,1,kg,1,2,3,USD,r,n,x,too many",
		"530120250000000001,1,2025-03-01",
		" , ,\t,,",
		"",
	} {
		f.Add(s)
	}
	decl, _ := TableByName("declarations")
	g, err := geo.Default()
	if err != nil {
		f.Fatal(err)
	}
	headers := [][]string{
		{"declaration_no", "item_no", "declared_at", "exporter_uscc", "transport_mode", "destination_country", "consignee_name", "hs_code",
			"goods_name", "quantity", "unit", "net_weight_kg", "gross_weight_kg", "total_value", "currency", "remarks", "note", ""},
		{"declaration_no", "item_no", "declared_at", "remarks"},
	}
	f.Fuzz(func(t *testing.T, l string) {
		if strings.ContainsAny(l, "\"\n") {
			return // parse does not hand such lines over
		}
		for _, h := range headers {
			tr, _ := newTableReader(decl, "declarations.csv", h, g)
			got := tr.worker().recordLine(l, 7)
			want := tr.worker().record(splitCommas(l, nil), 7, nil)
			if got.blank != want.blank || got.line != want.line || got.key != want.key || !reflect.DeepEqual(got.bad, want.bad) ||
				!reflect.DeepEqual(got.value, want.value) {
				t.Fatalf("%q under %d columns:\nplaced   %+v %+v %+v\nrecorded %+v %+v %+v", l, len(h), got, got.bad, got.value, want, want.bad, want.value)
			}
		}
	})
}

// readPieces reads a parties table of the given rows on one goroutine, or
// on several in pieces of size bytes.
func readPieces(t *testing.T, rows string, workers, size int) *Bundle {
	t.Helper()
	oldW, oldS := readWorkers, pieceSize
	readWorkers, pieceSize = workers, size
	defer func() { readWorkers, pieceSize = oldW, oldS }()
	b, err := readSource(&fsSource{fsys: fstest.MapFS{
		"bundle.json": {Data: []byte(`{"format":"orewatch-bundle/1"}`)},
		"parties.csv": {Data: []byte("party_id,name,country\n" + rows)},
	}}, "fuzz")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzPiecesAreSequential: cutting a table into pieces at newlines outside
// quotes, parsing them side by side and falling back to one parser after a
// malformed record, reads exactly what one parser reads, whatever the
// quotes, newlines and errors in the file.
func FuzzPiecesAreSequential(f *testing.F) {
	f.Add("P1,Acme,US\nP2,\"Multi\nline\",DE\nP3,x,NL\n", uint8(5))
	f.Add("P1,\"Broken quote,US\nP2,Fine Co,US\nP3,\"a\"\"b\",US\n", uint8(3))
	f.Add("P1,a\"b,US\nP2,\"x\"y,US\n\nP3,\"\n\n\",US\r\nP4,z,US", uint8(1))
	f.Fuzz(func(t *testing.T, rows string, size uint8) {
		seq := readPieces(t, rows, 1, 1<<20)
		par := readPieces(t, rows, 3, 1+int(size%64))
		if !reflect.DeepEqual(seq.Files, par.Files) || !reflect.DeepEqual(seq.Rejected, par.Rejected) {
			t.Fatalf("pieces differ from one parser:\n%+v %+v\n%+v %+v", seq.Files, seq.Rejected, par.Files, par.Rejected)
		}
		if len(seq.Parties) != len(par.Parties) {
			t.Fatalf("%d parties from one parser, %d from pieces", len(seq.Parties), len(par.Parties))
		}
		for i := range seq.Parties {
			if !reflect.DeepEqual(seq.Parties[i], par.Parties[i]) {
				t.Fatalf("party %d: %+v / %+v", i, seq.Parties[i], par.Parties[i])
			}
		}
	})
}

func FuzzReadDeclarations(f *testing.F) {
	f.Add("declaration_no,item_no\n1,2\n")
	f.Add("报关单号,项号,申报日期\n530120250000000001,1,2025-01-01\n")
	f.Fuzz(func(t *testing.T, csv string) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(`{"format":"orewatch-bundle/1"}`), 0o644)
		os.WriteFile(filepath.Join(dir, "declarations.csv"), []byte(csv), 0o644)
		b, err := Read(dir)
		if err != nil {
			return
		}
		for _, st := range b.Files {
			if st.Read != st.Imported+st.Rejected {
				t.Fatalf("%s: read %d != imported %d + rejected %d", st.File, st.Read, st.Imported, st.Rejected)
			}
		}
	})
}

func TestEnterprisePlace(t *testing.T) {
	rows := []struct{ province, wantProvince, wantCity string }{
		{"湖南", "430000", ""},            // a province name is not a city code
		{"431381", "430000", "431381"},  // a county-level city by code
		{"婁底市冷水江市", "430000", "431381"}, // by name, Traditional, under its prefecture
		{"赣州市", "360000", "360700"},     // a prefecture by name
		{"439900", "", ""},              // no such prefecture: rejected
		{"朝阳区", "", ""},                 // two places bear the name: rejected
	}
	var csv strings.Builder
	csv.WriteString("uscc,name,province,segments\n")
	for i, r := range rows {
		fmt.Fprintf(&csv, "%s,E%d,%s,export\n", uscc(t, fmt.Sprintf("91430000MA4L0000%d", i)), i, r.province)
	}
	b, err := Read(writeBundle(t, map[string][]byte{"enterprises.csv": []byte(csv.String())}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*core.Enterprise{}
	for _, e := range b.Enterprises {
		got[e.Name] = e
	}
	for i, r := range rows {
		e := got[fmt.Sprintf("E%d", i)]
		if r.wantProvince == "" {
			if e != nil {
				t.Errorf("%s: imported as %s/%s, want it rejected", r.province, e.Province, e.City)
			}
			continue
		}
		if e == nil || e.Province != r.wantProvince || e.City != r.wantCity {
			t.Errorf("%s: got %+v, want %s/%s", r.province, e, r.wantProvince, r.wantCity)
		}
	}
	if len(b.Rejected) != 2 {
		t.Fatalf("rejected %+v, want the two bad places", b.Rejected)
	}
	for _, rj := range b.Rejected {
		if rj.Column != "province" || rj.Line < 6 {
			t.Errorf("rejection %+v should name the province column of line 6 or 7", rj)
		}
	}
}

// TestParallelReadIsSequential reads a table of many pieces,
// with duplicates, blank lines, bad cells and short rows scattered through
// it, once on one goroutine and once on several: the items, their order,
// the rejections and the counts must be the same.
func TestParallelReadIsSequential(t *testing.T) {
	exp := uscc(t, "91430000MA4L00001")
	var csv strings.Builder
	csv.WriteString("declaration_no,item_no,declared_at,exporter_uscc,transport_mode,destination_country,consignee_name,hs_code,goods_name,quantity,unit,net_weight_kg,gross_weight_kg,total_value,currency,remarks,note\n")
	for i := 0; i < 5000; i++ {
		no := fmt.Sprintf("5316202500%08d", i)
		switch {
		case i%97 == 0:
			csv.WriteString("\n") // blank
			continue
		case i%89 == 0:
			no = fmt.Sprintf("5316202500%08d", i-1) // duplicate of the previous row
		case i%83 == 0:
			no = "12345" // not 18 digits
		}
		dest := "NL"
		if i%71 == 0 {
			dest = "Atlantis"
		}
		if i%113 == 0 {
			fmt.Fprintf(&csv, "%s,1,2025-03-01\n", no) // a short row
			continue
		}
		fmt.Fprintf(&csv, "%s,1,2025-03-%02d,%s,sea,%s,Rotterdam Metals B.V.,8110101000,锑锭,%d,kg,%d,%d,%d,USD,备注 %d,extra %d\n",
			no, 1+i%28, exp, dest, 100+i, 100+i, 110+i, 1000+i, i, i)
	}
	for _, bom := range []string{"", "\xEF\xBB\xBF"} {
		t.Run(fmt.Sprintf("bom=%t", bom != ""), func(t *testing.T) {
			parallelReadMatches(t, writeBundle(t, map[string][]byte{"declarations.csv": []byte(bom + csv.String())}))
		})
	}
}

// parallelReadMatches reads a bundle with one worker and with four (the
// file read in 4 KiB chunks and parsed in 16 KiB pieces, on all of them)
// and compares what each kept and rejected.
func parallelReadMatches(t *testing.T, dir string) {
	read := func(workers int) *Bundle {
		oldW, oldS, oldC := readWorkers, pieceSize, readChunk
		readWorkers, pieceSize, readChunk = workers, 16<<10, 4<<10
		defer func() { readWorkers, pieceSize, readChunk = oldW, oldS, oldC }()
		b, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	seq := read(1)
	// The first pieces finish last, so the results arrive out of order.
	pieceConverted = func(n int) {
		if n < 2 {
			time.Sleep(50 * time.Millisecond)
		}
	}
	defer func() { pieceConverted = func(int) {} }()
	par := read(4)
	if len(seq.Declarations) < 4000 || len(seq.Rejected) < 100 {
		t.Fatalf("the fixture should keep most rows and reject some: %d kept, %d rejected", len(seq.Declarations), len(seq.Rejected))
	}
	if len(par.Declarations) != len(seq.Declarations) {
		t.Fatalf("parallel kept %d, sequential %d", len(par.Declarations), len(seq.Declarations))
	}
	for i := range seq.Declarations {
		a, b := seq.Declarations[i], par.Declarations[i]
		if a.DeclarationNo != b.DeclarationNo || a.Remarks != b.Remarks || a.Extra["note"] != b.Extra["note"] || a.Quantity != b.Quantity {
			t.Fatalf("item %d: sequential %s %q, parallel %s %q", i, a.DeclarationNo, a.Remarks, b.DeclarationNo, b.Remarks)
		}
	}
	if !reflect.DeepEqual(seq.Rejected, par.Rejected) {
		t.Fatalf("rejections differ:\n%v\n%v", seq.Rejected[:3], par.Rejected[:3])
	}
	if !reflect.DeepEqual(seq.Files, par.Files) {
		t.Fatalf("file stats differ: %+v / %+v", seq.Files, par.Files)
	}
}

// TestKeySet: a key is a duplicate wherever its first copy went — the
// sorted run or the map of keys that came out of order.
func TestKeySet(t *testing.T) {
	k := func(s string, n int) rowKey { return rowKey{s, n} }
	steps := []struct {
		key       rowKey
		line      int
		wantFirst int
		wantDup   bool
	}{
		{k("A", 1), 2, 0, false},
		{k("A", 2), 3, 0, false},
		{k("C", 1), 4, 0, false},
		{k("B", 1), 5, 0, false}, // out of order: to the map
		{k("A", 2), 6, 3, true},  // in the run
		{k("B", 1), 7, 5, true},  // in the map
		{k("D", 0), 8, 0, false},
		{k("C", 1), 9, 4, true},
		{k("A", 10), 10, 0, false}, // "A"/10 sorts between "A"/2 and "C"/1
		{k("A", 10), 11, 10, true},
	}
	s := newKeySet(2)
	for i, st := range steps {
		first, dup := s.add(st.key, st.line)
		if first != st.wantFirst || dup != st.wantDup {
			t.Errorf("step %d %v: got (%d, %v), want (%d, %v)", i, st.key, first, dup, st.wantFirst, st.wantDup)
		}
	}
}

// TestTrimmedKnowsEverySpace: no white-space rune gets past trimmed at
// either end of a cell.
func TestTrimmedKnowsEverySpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		for _, s := range []string{string(r) + "x", "x" + string(r)} {
			if trimmed(s) {
				t.Errorf("trimmed(%q) lets U+%04X through", s, r)
			}
		}
	}
}

// FuzzTrim: a cell trimmed lets through is one TrimSpace leaves alone.
func FuzzTrim(f *testing.F) {
	for _, s := range []string{"", "a", " a", "a ", "\u3000锑锭\u3000", "锑", "x\u00a0", "\x01", "NL", "\u0085x", "x\u2029", "\u205f", "唛头", "\xc2", "x\xa0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if trimmed(s) && strings.TrimSpace(s) != s {
			t.Fatalf("trimmed(%q), but TrimSpace gives %q", s, strings.TrimSpace(s))
		}
	})
}

// FuzzSplitCommas: eight bytes at a time, the split is strings.Split's.
func FuzzSplitCommas(f *testing.F) {
	for _, s := range []string{"", ",", "a,b", ",,,,,,,,,", "1234567,-", ",-,-,-,-,-,-,-,-", "锑锭,NL,2025-01-01,91450000MA0001054Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := splitCommas(s, nil), strings.Split(s, ","); !slices.Equal(got, want) {
			t.Fatalf("splitCommas(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestUnusualContainerNumbersAreKept: a container number not of ISO
// 6346's shape (five letters, a space, a dash) keeps its row — a
// declaration is screened whatever its container column looks like — and
// is counted in the file's stats by column.
func TestUnusualContainerNumbersAreKept(t *testing.T) {
	exp := uscc(t, "91430000MA4L00001")
	decl := "declaration_no,item_no,declared_at,exporter_uscc,transport_mode,destination_country,consignee_name,hs_code,goods_name,quantity,unit,net_weight_kg,gross_weight_kg,total_value,currency,containers\n" +
		"530120250000000001,1,2025-03-02," + exp + ",2,NL,Rotterdam Metals B.V.,8110101000,锑锭,1000,kg,1000,1020,235000,USD,MSKUU9882630|msku 1234565\n" +
		"530120250000000002,1,2025-03-02," + exp + ",2,NL,Rotterdam Metals B.V.,8110101000,锑锭,1000,kg,1000,1020,235000,USD,TGHU-123456\n"
	man := "bill_of_lading,container_no,vgm_kg\nBL1,MSKUU9882630,24000\nBL1,MSKU1234565,24000\n"
	b, err := Read(writeBundle(t, map[string][]byte{"declarations.csv": []byte(decl), "manifests.csv": []byte(man)}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("declarations.csv")
	if st.Imported != 2 || st.Rejected != 0 || st.Unusual["containers"] != 2 {
		t.Errorf("declarations: %+v", st)
	}
	if got := b.Declarations[0].Containers; len(got) != 2 || got[0] != "MSKUU9882630" || got[1] != "MSKU1234565" {
		t.Errorf("containers %v", got)
	}
	ms, _ := b.Stats("manifests.csv")
	if ms.Imported != 2 || ms.Rejected != 0 || ms.Unusual["container_no"] != 1 {
		t.Errorf("manifests: %+v", ms)
	}
}

// TestNetAboveGrossIsKept: weights written to different precision (0.611
// kg net, 0.6 gross) keep the declaration, counted in the file's stats: a
// refused row is never screened.
func TestNetAboveGrossIsKept(t *testing.T) {
	exp := uscc(t, "91430000MA4L00001")
	decl := "declaration_no,item_no,declared_at,exporter_uscc,transport_mode,destination_country,consignee_name,hs_code,goods_name,quantity,unit,net_weight_kg,gross_weight_kg,total_value,currency\n" +
		"860120260003047293,1,2026-04-17," + exp + ",5,MY,Malaya Industries (M) Sdn. Bhd.,7104911010,金刚石窗口片,1,kg,0.611,0.6,1200,USD\n"
	b, err := Read(writeBundle(t, map[string][]byte{"declarations.csv": []byte(decl)}))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stats("declarations.csv")
	if st.Imported != 1 || st.Rejected != 0 || st.Unusual["net_weight_kg"] != 1 || len(b.Declarations) != 1 {
		t.Errorf("declarations: %+v", st)
	}
}
