package lodge_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"orewatch/internal/lodge"
)

func TestReadItems(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"商品編號", "商品名稱", "數量", "单位", "净重（千克）", "毛重", "总价", "币制", "备注"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"8110101000", "锑锭", 2000, "kg", 2000, 2050, 470000, "CNY", "是否属于管制物项：是"})
	x.SetSheetRow("Sheet1", "A4", &[]any{"2825800000", "氧化锑", 500, "kg", 500, 520, 90000, "CNY", ""})
	var xb bytes.Buffer
	if err := x.Write(&xb); err != nil {
		t.Fatal(err)
	}
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String("商品编号,商品名称,数量,单位\n8110101000,锑锭,1,t\n")
	for _, tt := range []struct {
		name, file, data string
		lines            []int
		err              string
	}{
		{"xlsx in traditional Chinese, a blank row", "goods.xlsx", xb.String(), []int{2, 4}, ""},
		{"csv in GB18030", "goods.csv", gb, []int{2}, ""},
		{"english csv with a BOM", "goods.csv", "\ufeffhs_code,goods_name,quantity,unit\n8110101000,antimony,1,t\n\n8110102000,antimony,2,t\n", []int{2, 4}, ""},
		{"a header column", "goods.csv", "hs_code,destination_country\n8110101000,NL\n", nil, `column 2 "destination_country"`},
		{"too many fields", "goods.csv", "hs_code,goods_name\n8110101000,锑锭,extra\n", nil, "line 2: 3 fields"},
		{"a bad quote", "goods.csv", "hs_code,goods_name\n\"8110101000,锑锭\n", nil, "line 2"},
		{"no items", "goods.csv", "hs_code,goods_name\n,\n", nil, "no items"},
		{"not a workbook", "goods.xlsx", "hs_code\n1\n", nil, "not a readable XLSX"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			items, err := lodge.ReadItems(tt.file, strings.NewReader(tt.data))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, it := range items {
				lines = append(lines, it.Line)
				if it.Fields["hs_code"] == nil || it.Fields["item_no"] == nil {
					t.Errorf("item %+v", it.Fields)
				}
			}
			if len(lines) != len(tt.lines) || (len(lines) > 0 && lines[len(lines)-1] != tt.lines[len(tt.lines)-1]) {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
		})
	}
}

// FuzzReadItems: any file is read into items with their lines or refused
// with a reason; nothing panics.
func FuzzReadItems(f *testing.F) {
	f.Add("goods.csv", "hs_code,goods_name,quantity,unit\n8110101000,锑锭,1,t\n")
	f.Add("goods.xlsx", "PK\x03\x04")
	f.Fuzz(func(t *testing.T, name, data string) {
		items, err := lodge.ReadItems(name, strings.NewReader(data))
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Line < 2 || len(it.Fields) == 0 {
				t.Fatalf("item %+v", it)
			}
		}
	})
}
