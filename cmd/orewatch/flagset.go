package main

import "flag"

// flagSet is a command's flags plus how many positional arguments it takes.
type flagSet struct {
	*flag.FlagSet
	args int
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
