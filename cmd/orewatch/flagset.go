package main

import (
	"flag"
	"orewatch/internal/config"

	"orewatch/internal/audit"
)

// flagSet is a command's flags plus how many positional arguments it takes.
type flagSet struct {
	*flag.FlagSet
	args int
	// cfg is the resolved configuration, once withStore has it.
	cfg *config.Config
}

func (f *flagSet) check() error {
	if f.NArg() != f.args {
		if f.args == 0 {
			return usagef("unexpected arguments %q", f.Args())
		}
		return usagef("want %d argument(s), got %d", f.args, f.NArg())
	}
	return nil
}

// cliActor is who the audit trail records for a command run at the
// terminal: the operating-system user, marked as the command line.
func cliActor(e *env) audit.Actor {
	name := e.getenv("USER")
	if name == "" {
		name = "operator"
	}
	return audit.Actor{Name: "cli:" + name}
}
