package core

// Material is something that moves along the chain: its mineral group, the
// HS codes it is declared under, the yield from its feedstocks and its bulk
// density as shipped.
type Material struct {
	ID        string             `yaml:"material" json:"material"`
	Group     string             `yaml:"group" json:"group"`
	NameZh    string             `yaml:"name_zh" json:"name_zh,omitempty"`
	NameEn    string             `yaml:"name_en" json:"name_en,omitempty"`
	HSCodes   []string           `yaml:"hs_codes" json:"hs_codes"`
	MadeFrom  map[string]float64 `yaml:"made_from" json:"made_from,omitempty"`
	DensityKg float64            `yaml:"density_kg_m3" json:"density_kg_m3"`
	Basis     string             `yaml:"basis" json:"basis"`
}
