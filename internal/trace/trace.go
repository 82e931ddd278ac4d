// Package trace answers where a lot came from and where it went: the tree
// of transformations (inputs to outputs) and the events along each lot's
// way — sites, owners, dates, quantities and the export declarations it
// ended in.
package trace

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"orewatch/internal/core"
)

// LotPrefix starts every OreWatch lot class: urn:orewatch:lot:<material>:<lot-id>.
const LotPrefix = "urn:orewatch:lot:"

// ParseLot splits a lot class into material and lot id. A bare
// "material:lot-id" is accepted and completed.
func ParseLot(s string) (class, material, id string, err error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, LotPrefix) {
		s = LotPrefix + s
	}
	rest := strings.TrimPrefix(s, LotPrefix)
	material, id, ok := strings.Cut(rest, ":")
	if !ok || material == "" || id == "" {
		return "", "", "", core.FieldErrorf("lot", "lot %q: want urn:orewatch:lot:<material>:<lot-id> or <material>:<lot-id>", s)
	}
	return s, material, id, nil
}

// Step is one event in a lot's history.
type Step struct {
	EventKey     string    `json:"event"`
	Type         string    `json:"type"`
	Time         time.Time `json:"time"`
	BizStep      string    `json:"biz_step,omitempty"`
	Site         string    `json:"site,omitempty"`
	Enterprise   string    `json:"enterprise,omitempty"` // USCC from urn:orewatch:site:<uscc>[:suffix]
	Role         string    `json:"role"`                 // quantity, input, output
	Quantity     string    `json:"quantity"`
	UOM          string    `json:"uom,omitempty"`
	From         []string  `json:"from,omitempty"`
	To           []string  `json:"to,omitempty"`
	Declarations []string  `json:"declarations,omitempty"`
}

// Node is a lot in the tree.
type Node struct {
	Lot          string   `json:"lot"`
	Material     string   `json:"material"`
	LotID        string   `json:"lot_id"`
	Steps        []Step   `json:"steps"`
	Declarations []string `json:"declarations,omitempty"` // export declarations the lot ended in
	Children     []*Node  `json:"children,omitempty"`     // inputs (backward) or outputs (forward)
	Via          string   `json:"via,omitempty"`          // the transformation event linking it to its parent
	Cycle        bool     `json:"cycle,omitempty"`        // already shown higher up: not expanded again
}

// Direction of a trace.
const (
	Backward = "backward"
	Forward  = "forward"
)

// Trace builds the tree from lot in a direction, at most depth levels of
// transformations deep.
func Trace(ctx context.Context, s core.EventRepo, lot, direction string, depth int) (*Node, error) {
	if direction != Backward && direction != Forward {
		return nil, core.FieldErrorf("direction", "direction %q: want backward or forward", direction)
	}
	if depth <= 0 || depth > 50 {
		return nil, core.FieldErrorf("depth", "depth must be 1 to 50")
	}
	class, _, _, err := ParseLot(lot)
	if err != nil {
		return nil, err
	}
	t := &tracer{repo: s, dir: direction, cache: map[string][]*core.Event{}}
	root, err := t.node(ctx, class, depth, map[string]bool{})
	if err != nil {
		return nil, err
	}
	if len(root.Steps) == 0 {
		return nil, core.Errorf(core.ENOTFOUND, "no event mentions lot %s", class)
	}
	return root, nil
}

type tracer struct {
	repo  core.EventRepo
	dir   string
	cache map[string][]*core.Event
}

func (t *tracer) events(ctx context.Context, class string) ([]*core.Event, error) {
	if evs, ok := t.cache[class]; ok {
		return evs, nil
	}
	var all []*core.Event
	after := ""
	for {
		evs, err := t.repo.Query(ctx, core.EventFilter{EPCClass: class, After: after, Limit: 1000, NoDocument: true}) // a tree needs no documents
		if err != nil {
			return nil, err
		}
		all = append(all, evs...)
		if len(evs) < 1000 {
			break
		}
		after = evs[len(evs)-1].Key
	}
	t.cache[class] = all
	return all, nil
}

func (t *tracer) node(ctx context.Context, class string, depth int, onPath map[string]bool) (*Node, error) {
	_, material, id, _ := ParseLot(class)
	n := &Node{Lot: class, Material: material, LotID: id, Steps: []Step{}}
	evs, err := t.events(ctx, class)
	if err != nil {
		return nil, err
	}
	onPath[class] = true
	defer delete(onPath, class)
	decls := map[string]bool{}
	for _, e := range evs {
		for _, q := range e.Quantities {
			if q.EPCClass != class {
				continue
			}
			st := Step{EventKey: e.Key, Type: e.Type, Time: e.EventTime, BizStep: e.BizStep, Site: e.BizLocation,
				Enterprise: Enterprise(e.BizLocation), Role: q.Role, Quantity: q.Quantity.String(), UOM: q.UOM}
			for _, p := range e.Sources {
				st.From = append(st.From, p.ID)
			}
			for _, p := range e.Destinations {
				st.To = append(st.To, p.ID)
			}
			for _, b := range e.BizTransactions {
				if d := DeclarationNo(b); d != "" {
					st.Declarations = append(st.Declarations, d)
					decls[d] = true
				}
			}
			n.Steps = append(n.Steps, st)
		}
		if depth == 0 || e.Type != "TransformationEvent" {
			continue
		}
		// Backward: this lot is an output, follow the inputs; forward: it
		// is an input, follow the outputs.
		want, follow := "output", "input"
		if t.dir == Forward {
			want, follow = "input", "output"
		}
		if !hasRole(e, class, want) {
			continue
		}
		for _, q := range e.Quantities {
			if q.Role != follow || q.EPCClass == class {
				continue
			}
			if onPath[q.EPCClass] {
				n.Children = append(n.Children, &Node{Lot: q.EPCClass, Via: e.Key, Cycle: true})
				continue
			}
			child, err := t.node(ctx, q.EPCClass, depth-1, onPath)
			if err != nil {
				return nil, err
			}
			child.Via = e.Key
			n.Children = append(n.Children, child)
		}
	}
	for d := range decls {
		n.Declarations = append(n.Declarations, d)
	}
	sort.Strings(n.Declarations)
	return n, nil
}

func hasRole(e *core.Event, class, role string) bool {
	for _, q := range e.Quantities {
		if q.EPCClass == class && q.Role == role {
			return true
		}
	}
	return false
}

// Enterprise reads the USCC from a site id urn:orewatch:site:<uscc>[:suffix].
func Enterprise(site string) string {
	rest, ok := strings.CutPrefix(site, "urn:orewatch:site:")
	if !ok {
		return ""
	}
	u, _, _ := strings.Cut(rest, ":")
	return u
}

// OwnSites refuses events that are not at sites of enterprise own: an
// enterprise's user reports what happened at its own sites only.
func OwnSites(evs []*core.Event, own core.USCC) error {
	for i, e := range evs {
		if Enterprise(e.BizLocation) != string(own) {
			return core.Errorf(core.EFORBIDDEN, "event %d is at %q: an enterprise user captures events of its own sites (urn:orewatch:site:%s…) only", i, e.BizLocation, own)
		}
	}
	return nil
}

// DeclarationNo reads an export declaration number from a business
// transaction: urn:orewatch:declaration:<no>, or a desadv whose id is one.
func DeclarationNo(b core.EventParty) string {
	if no, ok := strings.CutPrefix(b.ID, "urn:orewatch:declaration:"); ok {
		return no
	}
	if b.Type == "desadv" && len(b.ID) == 18 && strings.Trim(b.ID, "0123456789") == "" {
		return b.ID
	}
	return ""
}

// Print writes the tree for a person.
func Print(n *Node, dir string, indent string, w func(format string, args ...any)) {
	if n.Cycle {
		w("%s%s (shown above)\n", indent, n.Lot)
		return
	}
	w("%s%s  [%s]\n", indent, n.Lot, n.Material)
	for _, s := range n.Steps {
		line := fmt.Sprintf("%s  %s %-19s %-12s %s %s %s", indent, s.Time.Format("2006-01-02"), s.Type, s.BizStep, s.Role, s.Quantity, s.UOM)
		if s.Enterprise != "" {
			line += " at " + s.Enterprise
		}
		if len(s.From) > 0 || len(s.To) > 0 {
			line += fmt.Sprintf(" from %v to %v", s.From, s.To)
		}
		if len(s.Declarations) > 0 {
			line += " declaration " + strings.Join(s.Declarations, ",")
		}
		w("%s\n", line)
	}
	label := "inputs 原料"
	if dir == Forward {
		label = "outputs 产品"
	}
	if len(n.Children) > 0 {
		w("%s  %s:\n", indent, label)
	}
	for _, c := range n.Children {
		Print(c, dir, indent+"    ", w)
	}
}
