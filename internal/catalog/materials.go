package catalog

import (
	"fmt"

	"io/fs"
	"orewatch/internal/core"
	"strings"

	"orewatch/internal/textnorm"
)

// Material is core.Material: the materials table the catalogue ships and
// bundles extend.
type Material = core.Material

// Material returns the material with id.
func (c *Catalog) Material(id string) (*Material, bool) {
	m, ok := c.material[id]
	return m, ok
}

func loadMaterials(fsys fs.FS) ([]*Material, error) {
	var f struct {
		Materials []*Material `yaml:"materials"`
	}
	if err := decodeStrict(fsys, "catalog/materials.yaml", &f); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, m := range f.Materials {
		if m.ID == "" || ids[m.ID] || strings.ToLower(m.ID) != m.ID || strings.Contains(m.ID, " ") {
			return nil, fmt.Errorf("catalog/materials.yaml: material id %q is empty, repeated or not lowercase-with-dashes", m.ID)
		}
		ids[m.ID] = true
		if !IsGroup(m.Group) {
			return nil, fmt.Errorf("catalog/materials.yaml: material %s: unknown group %q", m.ID, m.Group)
		}
		if m.DensityKg <= 0 || m.Basis == "" {
			return nil, fmt.Errorf("catalog/materials.yaml: material %s needs a density and the basis for its figures", m.ID)
		}
		for _, hs := range m.HSCodes {
			if len(hs) != 10 || !digits(hs) {
				return nil, fmt.Errorf("catalog/materials.yaml: material %s: HS code %q is not 10 digits", m.ID, hs)
			}
		}
	}
	for _, m := range f.Materials {
		for from, y := range m.MadeFrom {
			if !ids[from] {
				return nil, fmt.Errorf("catalog/materials.yaml: material %s is made from unknown material %q", m.ID, from)
			}
			if y <= 0 || y > 5 {
				return nil, fmt.Errorf("catalog/materials.yaml: material %s: yield %v from %s is implausible", m.ID, y, from)
			}
		}
	}
	return f.Materials, nil
}

// Mineral is an entry of the national strategic minerals catalogue.
type Mineral struct {
	Class  string `json:"class"` // energy, metals, non_metals, new
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	Since  string `json:"since,omitempty"`
	Note   string `json:"note,omitempty"`
}

func loadMinerals(fsys fs.FS) ([]Mineral, string, error) {
	type entry struct {
		Zh    string `yaml:"zh"`
		En    string `yaml:"en"`
		Since string `yaml:"since"`
		Note  string `yaml:"note"`
	}
	var f struct {
		Source    string  `yaml:"source"`
		Energy    []entry `yaml:"energy"`
		Metals    []entry `yaml:"metals"`
		NonMetals []entry `yaml:"non_metals"`
		New       []entry `yaml:"new_minerals"`
	}
	if err := decodeStrict(fsys, "catalog/strategic-minerals.yaml", &f); err != nil {
		return nil, "", err
	}
	var out []Mineral
	for _, g := range []struct {
		class string
		es    []entry
	}{{"energy", f.Energy}, {"metals", f.Metals}, {"non_metals", f.NonMetals}, {"new", f.New}} {
		for _, e := range g.es {
			out = append(out, Mineral{Class: g.class, NameZh: e.Zh, NameEn: e.En, Since: e.Since, Note: e.Note})
		}
	}
	if n := len(out) - len(f.New); n != 36 {
		return nil, "", fmt.Errorf("catalog/strategic-minerals.yaml: %d minerals, the catalogue has 36", n)
	}
	return out, f.Source, nil
}

// ControlsProducts reports whether a group's metal is controlled with its
// products (金属锑及制品, antimony metal and products; 金属铋及制品): goods
// mostly made of it are the item, whatever else they are called.
func (c *Catalog) ControlsProducts(group string) bool {
	for _, m := range c.Measures {
		for _, it := range m.Items {
			if it.Group == group && strings.Contains(it.NameZh, "金属") && strings.Contains(it.NameZh, "及制品") {
				return true
			}
		}
	}
	return false
}

// IsStrategic reports whether a mineral group is in the strategic minerals
// catalogue (rare earths, antimony, tungsten, … and graphite as
// crystalline graphite).
func (c *Catalog) IsStrategic(group string) bool {
	if v, ok := c.strategic.Load(group); ok {
		return v.(bool)
	}
	v := c.isStrategic(group)
	c.strategic.Store(group, v)
	return v
}

func (c *Catalog) isStrategic(group string) bool {
	g := groupByID(group)
	if g == nil {
		return false
	}
	for _, m := range c.Minerals {
		if m.NameEn == g.NameEn || strings.Contains(m.NameZh, g.NameZh) || strings.Contains(textnorm.Fold(m.NameEn), g.ID) {
			return true
		}
	}
	return false
}

func groupByID(id string) *Group {
	for i := range Groups {
		if Groups[i].ID == id {
			return &Groups[i]
		}
	}
	return nil
}
