package main

import (
	"context"
	"fmt"
	"runtime"

	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

func versionCommand() *command {
	c := &command{
		name:    "version",
		summary: "print the version 显示版本",
		usage:   "orewatch version",
		example: "orewatch version",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		ms, err := sqlstore.LoadMigrations(sqlite.Migrations())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "orewatch %s (%s, schema version %d)\n", version, runtime.Version(), len(ms))
		return nil
	}
	return c
}
