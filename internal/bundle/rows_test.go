package bundle

import (
	"strings"
	"testing"
)

// TestDeclarationRows: cells under a Chinese header become items as a
// bundle's rows would; a bad cell is rejected naming its column.
func TestDeclarationRows(t *testing.T) {
	u := uscc(t, "91431300MA4LTB001")
	header := []string{"报关单号", "项号", "申报日期", "境内发货人代码", "运输方式", "最终目的国", "境外收货人", "商品编号", "商品名称", "数量", "单位",
		"净重", "毛重", "总价", "币制", "备注"}
	items, rej, err := DeclarationRows("request", header, [][]string{
		{"530120250000000099", "1", "2025/06/01", u, "水路运输", "日本", "Tokyo KK", "8110101000", "锑锭", "2", "吨", "2000", "2050", "470000", "人民币", "是否属于管制物项：是"},
		{"530120250000000099", "2", "2025-06-01", u, "2", "JP", "Tokyo KK", "8110101000", "锑锭", "many", "kg", "10", "11", "2350", "CNY", ""},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].DestinationCountry != "JP" || items[0].DeclaredAt.String() != "2025-06-01" || items[0].NetWeightKg.String() != "2000" {
		t.Fatalf("items %+v", items)
	}
	if len(rej) != 1 || rej[0].Line != 2 || rej[0].Column != "quantity" || !strings.Contains(rej[0].Value, "many") {
		t.Fatalf("rejected %+v", rej)
	}
}
