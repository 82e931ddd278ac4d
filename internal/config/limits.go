package config

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/dustin/go-humanize"

	"orewatch/internal/bundle"
)

// LimitSetting is one bound on reading a bundle; the commands that read
// bundles (serve, import, analyze) take them as flags and OREWATCH_*
// variables, flags first.
type LimitSetting struct {
	Name, Env, Help string
	def             func(bundle.Limits) string
	set             func(l *bundle.Limits, v string) error
}

// Default is the setting's default, as written in help and docs.
func (s LimitSetting) Default() string { return s.def(bundle.DefaultLimits()) }

func bytesSetting(name, env, help string, field func(*bundle.Limits) *int64) LimitSetting {
	return LimitSetting{Name: name, Env: env, Help: help,
		def: func(l bundle.Limits) string { return humanize.IBytes(uint64(*field(&l))) },
		set: func(l *bundle.Limits, v string) error {
			n, err := humanize.ParseBytes(v)
			if err != nil || n > 1<<62 {
				return fmt.Errorf("%s %q: want a size such as 512MiB or 2GiB (0: no limit)", name, v)
			}
			*field(l) = int64(n)
			return nil
		}}
}

func countSetting(name, env, help string, get func(bundle.Limits) int64, put func(*bundle.Limits, int64)) LimitSetting {
	return LimitSetting{Name: name, Env: env, Help: help,
		def: func(l bundle.Limits) string { return strconv.FormatInt(get(l), 10) },
		set: func(l *bundle.Limits, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > 1<<31 {
				return fmt.Errorf("%s %q: want a whole number (0: no limit)", name, v)
			}
			put(l, n)
			return nil
		}}
}

// LimitSettings lists the bounds on reading a bundle.
var LimitSettings = []LimitSetting{
	bytesSetting("import-max-entry-bytes", "OREWATCH_IMPORT_MAX_ENTRY_BYTES",
		"largest file of a bundle, as unpacked", func(l *bundle.Limits) *int64 { return &l.EntryBytes }),
	bytesSetting("import-max-total-bytes", "OREWATCH_IMPORT_MAX_TOTAL_BYTES",
		"most bytes of all a bundle's files together, as unpacked", func(l *bundle.Limits) *int64 { return &l.TotalBytes }),
	countSetting("import-max-ratio", "OREWATCH_IMPORT_MAX_RATIO", "highest unpacked:packed ratio of a zip entry past its first MiB",
		func(l bundle.Limits) int64 { return l.Ratio }, func(l *bundle.Limits, n int64) { l.Ratio = n }),
	countSetting("import-max-entries", "OREWATCH_IMPORT_MAX_ENTRIES", "most entries in a zip bundle",
		func(l bundle.Limits) int64 { return int64(l.Entries) }, func(l *bundle.Limits, n int64) { l.Entries = int(n) }),
	countSetting("import-max-line-bytes", "OREWATCH_IMPORT_MAX_LINE_BYTES", "longest line of a CSV file, in bytes",
		func(l bundle.Limits) int64 { return int64(l.LineBytes) }, func(l *bundle.Limits, n int64) { l.LineBytes = int(n) }),
}

// LimitsBinder registers the limits as flags and resolves them.
type LimitsBinder struct {
	fs     *flag.FlagSet
	getenv func(string) string
	vals   map[string]*string
}

// BindLimits registers the limit settings on fs; call Resolve after
// fs.Parse.
func BindLimits(fs *flag.FlagSet, getenv func(string) string) *LimitsBinder {
	b := &LimitsBinder{fs: fs, getenv: getenv, vals: map[string]*string{}}
	for _, s := range LimitSettings {
		b.vals[s.Name] = fs.String(s.Name, "", fmt.Sprintf("%s (env %s, default %s)", s.Help, s.Env, s.Default()))
	}
	return b
}

// Resolve applies flag > environment > default to every limit.
func (b *LimitsBinder) Resolve() (bundle.Limits, error) {
	set := map[string]bool{}
	b.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	l := bundle.DefaultLimits()
	for _, s := range LimitSettings {
		v, src := "", ""
		if e := b.getenv(s.Env); e != "" {
			v, src = e, "env "+s.Env
		}
		if p := b.vals[s.Name]; set[s.Name] {
			v, src = *p, "flag --"+s.Name
		}
		if v == "" {
			continue
		}
		if err := s.set(&l, v); err != nil {
			return bundle.Limits{}, fmt.Errorf("%s: %w", src, err)
		}
	}
	return l, nil
}
