package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"orewatch/internal/core"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// env is what every command gets instead of reaching for globals, so that
// tests run the whole program in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	gc             *batchGC // a batch command's collector settings, or nil
}

// command is one subcommand; commands with subs dispatch on their first
// argument. Later capabilities add entries to commands().
type command struct {
	name    string
	summary string // one line, English then Chinese
	usage   string // "orewatch catalog lookup --hs CODE [flags]"
	example string
	run     func(ctx context.Context, e *env, args []string) error
	subs    []*command
}

func commands() []*command {
	return []*command{
		serveCommand(),
		workerCommand(),
		migrateCommand(),
		catalogCommand(),
		ledgerCommand(),
		traceCommand(),
		balanceCommand(),
		userCommand(),
		tokenCommand(),
		auditCommand(),
		alertCommand(),
		importsCommand(),
		caseCommand(),
		importCommand(),
		analyzeCommand(),
		exportCommand(),
		screenPartyCommand(),
		networkCommand(),
		rulesCommand(),
		simulateCommand(),
		evalCommand(),
		benchCommand(),
		versionCommand(),
	}
}

// usageError marks bad arguments: exit status 2 instead of 1.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errHelpShown means --help was asked for and printed.
var errHelpShown = errors.New("help shown")

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now}
	return runEnv(ctx, e, args)
}

func runEnv(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printTopHelp(e.stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		return helpCommand(e, args[1:])
	case "-v", "--version":
		args = []string{"version"}
	}
	cmd, rest, path := find(commands(), args)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "orewatch: unknown command %q\n\n", args[0])
		printTopHelp(e.stderr)
		return 2
	}
	if cmd.run == nil {
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			fmt.Fprintf(e.stderr, "orewatch %s: unknown subcommand %q\n\n", path, rest[0])
		}
		printCommandHelp(e.stderr, cmd, path)
		if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help") {
			return 0
		}
		return 2
	}
	if isBatch(path) {
		var stop func()
		e.gc, stop = newBatchGC(e.getenv)
		defer stop()
	}
	err := cmd.run(ctx, e, rest)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelpShown):
		return 0
	}
	var ue *usageError
	if core.ErrorCode(err) == core.ETOOLARGE {
		fmt.Fprintf(e.stderr, "orewatch %s: %s\n", path, core.ErrorMessage(err))
		return 2
	}
	if errors.As(err, &ue) || core.ErrorCode(err) == core.EINVALID {
		fmt.Fprintf(e.stderr, "orewatch %s: %v\n", path, err)
		fmt.Fprintf(e.stderr, "Run 'orewatch %s --help' for usage.\n", path)
		return 2
	}
	fmt.Fprintf(e.stderr, "orewatch %s: %v\n", path, err)
	return 1
}

// find walks the command tree along args.
func find(cmds []*command, args []string) (*command, []string, string) {
	var path []string
	var cur *command
	for len(args) > 0 {
		var next *command
		for _, c := range cmds {
			if c.name == args[0] {
				next = c
			}
		}
		if next == nil {
			break
		}
		cur, path, args, cmds = next, append(path, next.name), args[1:], next.subs
		if cur.run != nil {
			break
		}
	}
	return cur, args, strings.Join(path, " ")
}

// newFlags makes a command's flag set whose --help prints usage, flags and
// the example to stdout.
func newFlags(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags, printing help for --help and turning flag errors
// into usage errors that name the flag.
func parse(e *env, c *command, fs *flag.FlagSet, args []string) error {
	err := fs.Parse(reorder(fs, args))
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelpFlags(e.stdout, c, fs)
		return errHelpShown
	}
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

func printTopHelp(w io.Writer) {
	fmt.Fprint(w, `OreWatch — export-control screening for strategic minerals
OreWatch — 战略矿产出口管制监测

Usage: orewatch COMMAND [flags]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	cmds := commands()
	sort.SliceStable(cmds, func(i, j int) bool { return false })
	for _, c := range cmds {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
		for _, s := range c.subs {
			fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, s.name, s.summary)
		}
	}
	fmt.Fprintf(tw, "  help\tshow help for a command 显示命令帮助\n")
	tw.Flush()
	fmt.Fprint(w, `
Run 'orewatch help COMMAND' or 'orewatch COMMAND --help' for details and an example.
Configuration: flags beat OREWATCH_* environment variables, which beat defaults.
`)
}

func printCommandHelp(w io.Writer, c *command, path string) {
	fmt.Fprintf(w, "orewatch %s — %s\n\nUsage: %s\n", path, c.summary, c.usage)
	if len(c.subs) > 0 {
		fmt.Fprintln(w, "\nSubcommands:")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, s := range c.subs {
			fmt.Fprintf(tw, "  %s\t%s\n", s.name, s.summary)
		}
		tw.Flush()
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExample:\n  %s\n", strings.ReplaceAll(c.example, "\n", "\n  "))
	}
}

func printCommandHelpFlags(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage: %s\n\nFlags:\n", c.summary, c.usage)
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s\n      %s%s\n", f.Name, f.Usage, def)
	})
	if c.example != "" {
		fmt.Fprintf(w, "\nExample:\n  %s\n", strings.ReplaceAll(c.example, "\n", "\n  "))
	}
}

func helpCommand(e *env, args []string) int {
	if len(args) == 0 {
		printTopHelp(e.stdout)
		return 0
	}
	cmd, _, path := find(commands(), args)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "orewatch help: unknown command %q\n", strings.Join(args, " "))
		return 2
	}
	if cmd.run != nil {
		return runEnv(context.Background(), e, append(strings.Fields(path), "--help"))
	}
	printCommandHelp(e.stdout, cmd, path)
	return 0
}

// reorder moves flags ahead of positional arguments, so that
// "orewatch analyze BUNDLE --out DIR" works like "--out DIR BUNDLE". A flag
// takes the next argument as its value unless the flag set says it is a
// boolean; after "--" everything is positional.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || isBool(f) || i+1 >= len(args) {
			continue
		}
		flags = append(flags, args[i+1])
		i++
	}
	return append(append(flags, "--"), pos...)
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
