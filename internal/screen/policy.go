package screen

import (
	"bytes"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

// Policy is a customs district's channel policy: per-code overrides of the
// channel and weight a finding carries, and the score from which a
// declaration goes red whatever its findings' channels (many hints
// together). The zero Policy changes nothing.
type Policy struct {
	RedScore int                   `yaml:"red_score"` // 0: only findings make red
	Codes    map[string]CodePolicy `yaml:"codes"`
}

// CodePolicy overrides one code.
type CodePolicy struct {
	Channel string  `yaml:"channel"` // yellow or red; empty keeps the finding's
	Weight  float64 `yaml:"weight"`  // 0 keeps the finding's
}

// LoadPolicy reads a channel policy file; errors name the file and field.
func LoadPolicy(path string) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Policy
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if p.RedScore < 0 || p.RedScore > 100 {
		return nil, fmt.Errorf("%s: red_score must be 0 (off) to 100", path)
	}
	for code, c := range p.Codes {
		if c.Channel != "" && c.Channel != core.ChannelYellow && c.Channel != core.ChannelRed {
			return nil, fmt.Errorf("%s: codes.%s.channel must be yellow or red", path, code)
		}
		if c.Weight < 0 || c.Weight > 1 {
			return nil, fmt.Errorf("%s: codes.%s.weight must be from 0 to 1", path, code)
		}
	}
	return &p, nil
}

// Apply overrides the findings' channels and weights and grades them.
func (p *Policy) Apply(fs []core.Finding) (string, int) {
	if p == nil {
		return Grade(fs)
	}
	for i := range fs {
		if c, ok := p.Codes[fs[i].Code]; ok {
			if c.Channel != "" {
				fs[i].Channel = c.Channel
			}
			if c.Weight > 0 {
				fs[i].Weight = c.Weight
			}
		}
	}
	channel, score := Grade(fs)
	if p.RedScore > 0 && score >= p.RedScore && channel != core.ChannelRed {
		channel, score = core.ChannelRed, max(score, 90)
	}
	return channel, score
}
