// Package rules lets risk analysts add selectivity criteria without a new
// build: rules written in CEL over a documented declaration and context
// object, kept as YAML files in a folder, validated when loaded, versioned
// and reloaded while the server runs.
package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

// Rule is one analyst rule as written in a rules file.
type Rule struct {
	Code      string  `yaml:"code" json:"code"`
	Version   int     `yaml:"version" json:"version"`
	Channel   string  `yaml:"channel" json:"channel"` // yellow or red
	Weight    float64 `yaml:"weight" json:"weight"`   // 0 < weight <= 1
	Message   string  `yaml:"message" json:"message"`
	MessageZh string  `yaml:"message_zh" json:"message_zh"`
	When      string  `yaml:"when" json:"when"` // CEL, true when the rule fires
	Enabled   *bool   `yaml:"enabled" json:"enabled,omitempty"`
	Owner     string  `yaml:"owner" json:"owner,omitempty"`

	File string `yaml:"-" json:"file"`
	prg  cel.Program
}

// Set is the rules of one folder as loaded at one moment.
type Set struct {
	Dir     string  `json:"dir"`
	Version string  `json:"version"` // digest of every rules file
	Rules   []*Rule `json:"rules"`
	// Files are the YAML files the rules came from, by name: what a
	// server applies to the store for the others to load.
	Files map[string][]byte `json:"-"`
}

var codeRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]{2,47}$`)

// env declares what a rule sees: decl (the declaration item, with what
// the checks derived) and ctx (its exporter's ledger entry and licence).
// docs/rules.md lists every field.
func env() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("decl", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("ctx", cel.MapType(cel.StringType, cel.DynType)),
	)
}

// costLimit bounds one evaluation so that a rule cannot stall screening.
const costLimit = 100000

// Load reads every *.yaml and *.yml file in dir. Any error names the file,
// the rule and what is wrong; a folder with one bad rule does not load.
func Load(dir string) (*Set, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("rules folder %s: not a directory", dir)
	}
	files := make(map[string][]byte, len(names))
	for _, f := range names {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		files[filepath.Base(f)] = b
	}
	return LoadFiles(dir, files)
}

// LoadFiles loads rules from files (name → YAML) as Load does a folder's,
// naming each problem by from and the file: a rule set kept in the store
// loads as the folder it was applied from did, to the same version.
func LoadFiles(from string, files map[string][]byte) (*Set, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	e, err := env()
	if err != nil {
		return nil, err
	}
	set := &Set{Dir: from, Files: files}
	h := sha256.New()
	seen := map[string]string{}
	var problems []string
	for _, name := range names {
		b := files[name]
		f := filepath.Join(from, name)
		h.Write([]byte(name))
		h.Write(b)
		var doc struct {
			Rules []*Rule `yaml:"rules"`
		}
		if err := yaml.Unmarshal(b, &doc); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", f, err))
			continue
		}
		for i, r := range doc.Rules {
			if r == nil {
				problems = append(problems, fmt.Sprintf("%s: rules[%d]: empty rule", f, i))
				continue
			}
			r.File = name
			where := fmt.Sprintf("%s: rules[%d] (%s)", f, i, r.Code)
			if msg := r.validate(); msg != "" {
				problems = append(problems, where+": "+msg)
				continue
			}
			if prev, dup := seen[r.Code]; dup {
				problems = append(problems, fmt.Sprintf("%s: code %s is also defined in %s", where, r.Code, prev))
				continue
			}
			seen[r.Code] = r.File
			ast, iss := e.Compile(r.When)
			if iss.Err() != nil {
				problems = append(problems, fmt.Sprintf("%s: when: %v", where, iss.Err()))
				continue
			}
			if ast.OutputType() != cel.BoolType && ast.OutputType() != cel.DynType {
				problems = append(problems, fmt.Sprintf("%s: when must be true or false, not %s", where, ast.OutputType()))
				continue
			}
			if r.prg, err = e.Program(ast, cel.CostLimit(costLimit)); err != nil {
				problems = append(problems, fmt.Sprintf("%s: when: %v", where, err))
				continue
			}
			if r.Enabled == nil || *r.Enabled {
				set.Rules = append(set.Rules, r)
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("rules not loaded:\n  %s", strings.Join(problems, "\n  "))
	}
	set.Version = hex.EncodeToString(h.Sum(nil))[:12]
	return set, nil
}

func (r *Rule) validate() string {
	switch {
	case !codeRe.MatchString(r.Code):
		return "code must be upper case letters, digits and _ (3-48), e.g. SB_AIR_TO_HUB"
	case r.Version < 1:
		return "version must be a positive whole number, raised on every change"
	case r.Channel != core.ChannelYellow && r.Channel != core.ChannelRed:
		return "channel must be yellow or red"
	case r.Weight <= 0 || r.Weight > 1:
		return "weight must be above 0 and at most 1"
	case strings.TrimSpace(r.Message) == "" || strings.TrimSpace(r.MessageZh) == "":
		return "message and message_zh are both required"
	case strings.TrimSpace(r.When) == "":
		return "when (the CEL condition) is required"
	}
	return ""
}

// Eval runs the rule on one item's objects; an error (a missing field, a
// type mismatch at run time) is the rule's fault and is reported, not
// hidden as "did not fire".
func (r *Rule) Eval(decl, ctx map[string]any) (bool, error) {
	out, _, err := r.prg.Eval(map[string]any{"decl": decl, "ctx": ctx})
	if err != nil {
		return false, fmt.Errorf("rule %s v%d: %w", r.Code, r.Version, err)
	}
	v, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("rule %s v%d: gave %v, not true or false", r.Code, r.Version, out.Value())
	}
	return v, nil
}

// Finding is what a rule that fires adds to the declaration.
func (r *Rule) Finding(itemNo int) core.Finding {
	sev := core.SeverityMedium
	if r.Weight >= 0.8 {
		sev = core.SeverityHigh
	} else if r.Weight < 0.45 {
		sev = core.SeverityLow
	}
	return core.Finding{Code: r.Code, Severity: sev, ItemNo: itemNo, Message: r.Message, MessageZh: r.MessageZh, Channel: r.Channel, Weight: r.Weight,
		Evidence: map[string]any{"rule": r.Code, "version": r.Version, "file": r.File, "when": r.When}}
}
