package bundle

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// enterprisesText is a ledger table of n enterprises with Chinese names,
// about 110 bytes a row.
func enterprisesText(t *testing.T, n int) string {
	var sb strings.Builder
	sb.WriteString("统一社会信用代码,企业名称,省份,环节,矿种,登记日期,台账状态,合规制度,地址\n")
	for i := range n {
		u := uscc(t, fmt.Sprintf("91430000MA4L%05d", i))
		fmt.Fprintf(&sb, "%s,湖南锑业第%d有限公司,湖南省,冶炼|出口,锑,2024-01-05,正常,是,冷水江市锡矿山\n", u, i)
	}
	return sb.String()
}

// breakLine puts bad bytes into the name on the given line (from 1).
func breakLine(t *testing.T, data []byte, line int, bad []byte) []byte {
	t.Helper()
	lines := bytes.SplitAfter(data, []byte("\n"))
	l := lines[line-1]
	i := bytes.IndexByte(l, ',') + 1
	lines[line-1] = append(append(append([]byte{}, l[:i]...), bad...), l[i:]...)
	return bytes.Join(lines, nil)
}

// TestEncodingPerFileCheckedPerRow: a file's encoding is decided from all
// of it, and a row with bytes invalid in it is rejected with its line,
// column and bytes while every other row imports as written.
func TestEncodingPerFileCheckedPerRow(t *testing.T) {
	text := enterprisesText(t, 3000) // 330 KB: past any sniffing window
	for _, tc := range []struct {
		name     string
		data     []byte
		meta     string
		wantEnc  string
		badLines []int
		bytes    string
	}{
		{"utf-8, bad byte early", breakLine(t, []byte(text), 10, []byte{0xC3, 0x28}), "", EncUTF8, []int{10}, "0xC3"},
		{"utf-8, bad byte late", breakLine(t, []byte(text), 2900, []byte{0xFF}), "", EncUTF8, []int{2900}, "0xFF"},
		{"utf-8, two bad rows", breakLine(t, breakLine(t, []byte(text), 2, []byte{0xE9, 0x94}), 3000, []byte{0x80}), "", EncUTF8, []int{2, 3000}, "at byte 20"},
		{"gb18030, broken bytes", breakLine(t, gb18030(t, text), 20, []byte{0xFF}), "", EncGB18030, []int{20}, "0xFF"},
		{"gb18030, lead without trail", breakLine(t, gb18030(t, text), 1500, []byte{0x81, ','}), "", EncGB18030, []int{1500}, "0x81"},
		{"gb18030 declared", gb18030(t, text), `"encoding": "GBK"`, EncGB18030, nil, ""},
		{"utf-8 declared, gb18030 written", gb18030(t, enterprisesText(t, 3)), `"encodings": {"enterprises.csv": "utf-8"}`, EncUTF8, []int{2, 3, 4}, "0x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string][]byte{"enterprises.csv": tc.data}
			if tc.meta != "" {
				files["bundle.json"] = []byte(`{"format": "orewatch-bundle/1", ` + tc.meta + `}`)
			}
			b, err := Read(writeBundle(t, files))
			if err != nil {
				t.Fatal(err)
			}
			st, _ := b.Stats("enterprises.csv")
			if st.Encoding != tc.wantEnc || st.Rejected != len(tc.badLines) || st.Read != st.Imported+st.Rejected {
				t.Fatalf("stats %+v, want %s with %d rejected; %+v", st, tc.wantEnc, len(tc.badLines), b.Rejected)
			}
			for i, r := range b.Rejected {
				if r.Line != tc.badLines[i] || r.File != "enterprises.csv" || !strings.Contains(r.Reason, tc.bytes) || !utf8.ValidString(r.Value) {
					t.Errorf("rejection %+v, want line %d with bytes %s", r, tc.badLines[i], tc.bytes)
				}
				if tc.meta == "" && r.Column != "name" {
					t.Errorf("rejection names column %q", r.Column)
				}
			}
			for _, e := range b.Enterprises {
				if !utf8.ValidString(e.Name) || strings.ContainsRune(e.Name, '\uFFFD') || !strings.HasPrefix(e.Name, "湖南锑业第") {
					t.Fatalf("stored %q: mojibake or broken text", e.Name)
				}
			}
		})
	}
	if _, err := Read(writeBundle(t, map[string][]byte{"bundle.json": []byte(`{"format": "orewatch-bundle/1", "encoding": "latin-1"}`)})); err == nil || !strings.Contains(err.Error(), "encoding") {
		t.Errorf("unknown declared encoding: %v", err)
	}
}

// TestBrokenHeaderBytes: bad bytes in the header do not become a column
// name that a store would refuse.
func TestBrokenHeaderBytes(t *testing.T) {
	text := "uscc,name,province,segments,remark\xff\n" + uscc(t, "91430000MA4L00001") + ",某公司,430000,mining,x\n"
	b, err := Read(writeBundle(t, map[string][]byte{"enterprises.csv": []byte(text)}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Files[0].ExtraColumns {
		if !utf8.ValidString(c) {
			t.Errorf("extra column %q", c)
		}
	}
}

func FuzzDecideEncoding(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "名称\n锑\n", "\xc9\xcc\xc6\xb7,b\n", "a\xff\n\xe9\x94\n", "\x81\x30\x81\x30\n\x84\x31\xa4\x37"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, enc, bad := decideEncoding(raw, "", false)
		if bytes.Count(text, []byte("\n")) != bytes.Count(raw, []byte("\n")) {
			t.Fatalf("%s: lines changed", enc)
		}
		// Every line outside bad is valid UTF-8 without a replacement
		// character made by the decoder.
		eachLine(text, func(n, _ int, l []byte) {
			if _, isBad := bad[n]; isBad {
				return
			}
			if !utf8.Valid(l) || (enc == EncGB18030 && bytes.Contains(l, []byte("\uFFFD"))) {
				t.Fatalf("%s line %d %q not marked bad", enc, n, l)
			}
		})
	})
}
