package analysis

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"time"

	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
)

// Summary is summary.json.
type Summary struct {
	Title        string             `json:"title,omitempty"`
	AsOf         string             `json:"as_of,omitempty"`
	Catalogue    string             `json:"catalogue_version,omitempty"`
	Files        []bundle.FileStats `json:"files"`
	Imported     []ingest.Counts    `json:"imported"`
	Declarations struct {
		Total  int `json:"total"`
		Items  int `json:"items"`
		Green  int `json:"green"`
		Yellow int `json:"yellow"`
		Red    int `json:"red"`
	} `json:"declarations"`
	AlertsByCode   map[string]int   `json:"alerts_by_code"`
	FindingsByCode map[string]int   `json:"findings_by_code"`
	ByProvince     map[string]int   `json:"flagged_declarations_by_province"`
	Rejected       int              `json:"rejected_rows"`
	Rules          *RulesRun        `json:"rules,omitempty"`
	TimingsMs      map[string]int64 `json:"timings_ms"`
}

// Summarize counts the result.
func (r *Result) Summarize() Summary {
	var s Summary
	s.Title, s.AsOf, s.Catalogue = r.Bundle.Meta.Title, r.AsOf.String(), r.Catalogue
	s.Files, s.Imported = r.Bundle.Files, r.Imported
	s.Rules = r.Rules
	if s.Files == nil {
		s.Files = []bundle.FileStats{}
	}
	s.AlertsByCode, s.FindingsByCode, s.ByProvince = map[string]int{}, map[string]int{}, map[string]int{}
	for _, d := range r.Declarations {
		s.Declarations.Total++
		s.Declarations.Items += d.Items
		switch d.Channel {
		case core.ChannelRed:
			s.Declarations.Red++
		case core.ChannelYellow:
			s.Declarations.Yellow++
		default:
			s.Declarations.Green++
		}
		for _, f := range d.Findings {
			s.FindingsByCode[f.Code]++
		}
		if d.Channel != core.ChannelGreen {
			p := r.Provinces[d.ExporterUSCC]
			if p == "" {
				p = "unknown"
			}
			s.ByProvince[p]++
		}
	}
	for _, a := range r.Alerts {
		s.AlertsByCode[a.Code]++
	}
	s.Rejected = len(r.Bundle.Rejected)
	s.TimingsMs = map[string]int64{}
	for k, v := range r.Timings {
		s.TimingsMs[k] = v.Milliseconds()
	}
	return s
}

// WriteDir writes the five result files into dir.
func (r *Result) WriteDir(dir string) error {
	t := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := writeJSONL(filepath.Join(dir, "declarations.jsonl"), len(r.Declarations), func(i int) any { return declarationLine(r, i) }); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(dir, "alerts.jsonl"), len(r.Alerts), func(i int) any { return r.Alerts[i] }); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(dir, "rejected.jsonl"), len(r.Bundle.Rejected), func(i int) any { return r.Bundle.Rejected[i] }); err != nil {
		return err
	}
	r.Timings["write"] = time.Since(t)
	s := r.Summarize()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary.json: %w", err)
	}
	return r.writeReport(filepath.Join(dir, "report.html"), s)
}

type findingLine struct {
	Code      string         `json:"code"`
	Severity  string         `json:"severity"`
	ItemNo    int            `json:"item_no"`
	Message   string         `json:"message"`
	MessageZh string         `json:"message_zh"`
	Evidence  map[string]any `json:"evidence"`
}

type declLine struct {
	DeclarationNo string        `json:"declaration_no"`
	Channel       string        `json:"channel"`
	Score         int           `json:"score"`
	Findings      []findingLine `json:"findings"`
}

func declarationLine(r *Result, i int) declLine {
	d := r.Declarations[i]
	l := declLine{DeclarationNo: d.DeclarationNo, Channel: d.Channel, Score: d.Score, Findings: []findingLine{}}
	for _, f := range d.Findings {
		l.Findings = append(l.Findings, findingLine{f.Code, f.Severity, f.ItemNo, f.Message, f.MessageZh, f.Evidence})
	}
	return l
}

func writeJSONL(path string, n int, line func(int) any) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		if err := enc.Encode(line(i)); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

//go:embed report.html.tmpl
var reportTmpl string

var reportT = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	},
	"bar": func(v, maxv int) float64 {
		if maxv == 0 {
			return 0
		}
		return 300 * float64(v) / float64(maxv)
	},
	"add": func(a, b int) int { return a + b },
	"mul": func(a, b int) int { return a * b },
}).Parse(reportTmpl))

type kv struct {
	Key   string
	Value int
}

func sortedKV(m map[string]int) ([]kv, int) {
	var out []kv
	maxv := 0
	for k, v := range m {
		out = append(out, kv{k, v})
		maxv = max(maxv, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Key < out[j].Key
	})
	return out, maxv
}

func (r *Result) writeReport(path string, s Summary) error {
	top := make([]declLine, 0, 50)
	idx := make([]int, len(r.Declarations))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.Declarations[idx[a]].Score > r.Declarations[idx[b]].Score })
	for _, i := range idx {
		if len(top) == cap(top) || r.Declarations[i].Score == 0 {
			break
		}
		top = append(top, declarationLine(r, i))
	}
	codes, maxCode := sortedKV(s.FindingsByCode)
	provs, maxProv := sortedKV(s.ByProvince)
	data := map[string]any{"S": s, "Top": top, "Codes": codes, "MaxCode": maxCode, "Provinces": provs, "MaxProv": maxProv,
		"Rejected": r.Bundle.Rejected[:min(len(r.Bundle.Rejected), 200)], "RejectedTotal": len(r.Bundle.Rejected), "Generated": time.Now().UTC().Format(time.RFC3339)}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	w := bufio.NewWriter(f)
	if err := reportT.Execute(w, data); err != nil {
		f.Close()
		return fmt.Errorf("render report: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
