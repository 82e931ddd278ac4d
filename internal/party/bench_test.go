package party

import (
	"fmt"
	"testing"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

var words = []string{"Pacific", "Atlas", "Summit", "Vertex", "Meridian", "Harbor", "Global", "United", "Eastern", "Nordic",
	"Delta", "Apex", "Orion", "Crescent", "Baltic", "Anatolia", "Saigon", "Penang", "Northwind", "Blue"}
var trades = []string{"Metals", "Alloys", "Materials", "Trading", "Logistics", "Optics", "Magnetics", "Chemicals", "Minerals", "Industries"}

func syntheticNames(n, offset int) []string {
	out := make([]string, n)
	for i := range out {
		k := i + offset
		out[i] = fmt.Sprintf("%s %s %s %d Co., Ltd.", words[k%len(words)], words[(k/len(words))%len(words)], trades[(k/400)%len(trades)], k)
	}
	return out
}

func benchScreener(b *testing.B, synthetic int) *Screener {
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range syntheticNames(synthetic, 0) {
		lists = append(lists, &core.ListEntry{List: "SYN", Name: n})
	}
	return NewScreener(lists)
}

// BenchmarkScreenShipped screens distinct names (no cache hits) against
// the shipped lists.
func BenchmarkScreenShipped(b *testing.B) {
	s := benchScreener(b, 0)
	names := syntheticNames(100000, 5000000)
	day := core.MustDate("2026-01-01")
	i := 0
	for b.Loop() {
		s.Screen(names[i%len(names)], "US", day)
		i++
	}
}

// BenchmarkScreen10k does the same against the shipped lists plus 10,000
// synthetic entries that share words with the names screened.
func BenchmarkScreen10k(b *testing.B) {
	s := benchScreener(b, 10000)
	names := syntheticNames(100000, 5000000)
	day := core.MustDate("2026-01-01")
	i := 0
	for b.Loop() {
		s.Screen(names[i%len(names)], "US", day)
		i++
	}
}
