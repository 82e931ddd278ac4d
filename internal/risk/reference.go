package risk

import (
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

// Container is an ISO container type.
type Container struct {
	Size      string  `yaml:"size"`
	VolumeM3  float64 `yaml:"volume_m3"`
	TareKg    float64 `yaml:"tare_kg"`
	TareMaxKg float64 `yaml:"tare_max_kg"`
}

// Density is the densest a commodity under an HS prefix is as shipped.
type Density struct {
	HS        string  `yaml:"hs"`
	DensityKg float64 `yaml:"density_kg_m3"`
	Basis     string  `yaml:"basis"`
}

// Reference is the cargo physics and exchange rates the detectors use
// (data/risk).
type Reference struct {
	Containers       []Container `yaml:"containers"`
	DefaultContainer Container   `yaml:"default_container"`
	Densities        []Density   `yaml:"densities"`
	fx               map[string][]rate
}

type rate struct {
	from core.Date
	cny  float64
}

// LoadReference reads risk/cargo.yaml and risk/fx.csv from fsys.
func LoadReference(fsys fs.FS) (*Reference, error) {
	b, err := fs.ReadFile(fsys, "risk/cargo.yaml")
	if err != nil {
		return nil, err
	}
	var r Reference
	if err := yaml.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("risk/cargo.yaml: %w", err)
	}
	for i, c := range r.Containers {
		if c.VolumeM3 <= 0 || c.TareKg <= 0 || c.TareMaxKg < c.TareKg {
			return nil, fmt.Errorf("risk/cargo.yaml: containers[%d] (%q): volume and tare must be positive and tare_max_kg >= tare_kg", i, c.Size)
		}
	}
	for i, d := range r.Densities {
		if d.HS == "" || d.DensityKg <= 0 || d.Basis == "" {
			return nil, fmt.Errorf("risk/cargo.yaml: densities[%d]: hs, density_kg_m3 and basis are required", i)
		}
	}
	// Longest prefix first, so the first match is the most specific.
	sort.SliceStable(r.Densities, func(i, j int) bool { return len(r.Densities[i].HS) > len(r.Densities[j].HS) })
	f, err := fsys.Open("risk/fx.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if r.fx, err = readFX(f); err != nil {
		return nil, fmt.Errorf("risk/fx.csv: %w", err)
	}
	return &r, nil
}

func readFX(rd io.Reader) (map[string][]rate, error) {
	cr := csv.NewReader(rd)
	cr.Comment = '#'
	cr.FieldsPerRecord = 3
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[string][]rate{}
	for i, row := range rows {
		if i == 0 {
			continue // header
		}
		d, err := core.ParseDate(row[1])
		if err != nil {
			return nil, fmt.Errorf("row %d, column from: %w", i+1, err)
		}
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("row %d, column cny: %q is not a positive number", i+1, row[2])
		}
		c := strings.ToUpper(row[0])
		out[c] = append(out[c], rate{d, v})
	}
	for _, rs := range out {
		sort.Slice(rs, func(i, j int) bool { return rs[i].from.Before(rs[j].from) })
	}
	return out, nil
}

// CNY converts an amount in currency on day d to yuan; ok is false for a
// currency the table does not hold.
func (r *Reference) CNY(amount float64, currency string, d core.Date) (float64, bool) {
	c := strings.ToUpper(strings.TrimSpace(currency))
	switch c {
	case "RMB", "人民币", "CNH":
		c = "CNY"
	case "美元":
		c = "USD"
	case "欧元":
		c = "EUR"
	}
	rs := r.fx[c]
	if len(rs) == 0 {
		return 0, false
	}
	v := rs[0].cny
	for _, x := range rs {
		if d.Before(x.from) {
			break
		}
		v = x.cny
	}
	return amount * v, true
}

// Container returns the container type for a manifest's size column; an
// unknown or empty size gives the largest common type, which makes the
// weight checks lenient rather than strict.
func (r *Reference) Container(size string) Container {
	s := isoSize(strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(size), " ", "")))
	for _, c := range r.Containers {
		if c.Size == s {
			return c
		}
	}
	return r.DefaultContainer
}

// isoSize reads the forms carriers write a container's size in: "20",
// "40HC", "20GP", "40DC", "40HQ", and ISO 6346 size-type codes ("22G1" is a
// 20' box, "42G1" a 40', "45G1" a 40' high cube, "L5G1" a 45').
func isoSize(s string) string {
	for _, suffix := range []string{"GP", "DC", "DV", "ST", "'"} {
		s = strings.TrimSuffix(s, suffix)
	}
	switch s {
	case "20", "40", "40HC", "45":
		return s
	case "40HQ", "40H", "40HCDV":
		return "40HC"
	case "45HC", "45HQ":
		return "45"
	}
	if len(s) == 4 && (s[2] >= 'A' && s[2] <= 'Z') {
		switch {
		case s[0] == '2':
			return "20"
		case s[0] == '4' && (s[1] == '5' || s[1] == '6'):
			return "40HC"
		case s[0] == '4':
			return "40"
		case s[0] == 'L':
			return "45"
		}
	}
	return s
}

// ContainerByTare infers the type of a container the manifest gives no
// size for from its tare: the smallest type whose tare range holds it.
func (r *Reference) ContainerByTare(tare float64) (Container, bool) {
	best, ok := Container{}, false
	for _, c := range r.Containers {
		if tare >= c.TareKg*0.85 && tare <= c.TareMaxKg*1.05 && (!ok || c.VolumeM3 < best.VolumeM3) {
			best, ok = c, true
		}
	}
	return best, ok
}

// DensityFor returns the HS-prefix upper bound for goods with no material
// row, and whether there is one.
func (r *Reference) DensityFor(hs string) (Density, bool) {
	for _, d := range r.Densities {
		if strings.HasPrefix(hs, d.HS) {
			return d, true
		}
	}
	return Density{}, false
}
