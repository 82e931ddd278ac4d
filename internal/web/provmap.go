package web

// The dashboard's province map: a tile grid, one square per
// provincial-level division placed roughly where it lies (a cartogram
// needs no boundary data, reads at a glance and every tile carries its
// name and count as text), shaded by its share of the busiest province's
// alerts and linked to the queue filtered to it.

type tilePos struct {
	code     string
	row, col int
}

var provinceTiles = []tilePos{
	{"650000", 1, 1}, {"150000", 1, 4}, {"230000", 1, 7},
	{"620000", 2, 3}, {"640000", 2, 4}, {"110000", 2, 5}, {"210000", 2, 6}, {"220000", 2, 7},
	{"540000", 3, 1}, {"630000", 3, 2}, {"610000", 3, 3}, {"140000", 3, 4}, {"130000", 3, 5}, {"120000", 3, 6},
	{"510000", 4, 2}, {"500000", 4, 3}, {"410000", 4, 4}, {"370000", 4, 5},
	{"530000", 5, 2}, {"520000", 5, 3}, {"420000", 5, 4}, {"340000", 5, 5}, {"320000", 5, 6}, {"310000", 5, 7},
	{"450000", 6, 3}, {"430000", 6, 4}, {"360000", 6, 5}, {"330000", 6, 6},
	{"460000", 7, 3}, {"440000", 7, 4}, {"350000", 7, 6}, {"710000", 7, 7},
	{"820000", 8, 4}, {"810000", 8, 5},
}

// Tile is one province on the map.
type Tile struct {
	Code, Name, Href       string
	Count, Level, Row, Col int
}

// provinceMap places counts (by province code) on the tiles; a tile links
// to the queue where the officer may see that province.
func provinceMap(counts map[string]int, scope string, l Lang) []Tile {
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	out := make([]Tile, len(provinceTiles))
	for i, t := range provinceTiles {
		n := counts[t.code]
		level := 0
		if n > 0 {
			level = (4*n + top - 1) / top // 1–4: quarters of the busiest
		}
		href := ""
		if scope == "" || scope == t.code {
			href = "/alerts?province=" + t.code
		}
		out[i] = Tile{Code: t.code, Name: provinceName(t.code, l), Href: href, Count: n, Level: level, Row: t.row, Col: t.col}
	}
	return out
}
