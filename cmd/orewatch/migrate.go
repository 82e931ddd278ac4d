package main

import (
	"context"
	"fmt"

	"orewatch/internal/config"
	"orewatch/internal/store"
)

func migrateCommand() *command {
	c := &command{
		name:    "migrate",
		summary: "bring the database schema up to date 升级数据库结构",
		usage:   "orewatch migrate [--status] [--data-dir DIR] [--database-url URL]",
		example: "orewatch migrate --database-url postgres://orewatch@db.internal:5432/orewatch",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, false)
		status := fs.Bool("status", false, "only report applied and pending migrations")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		db, err := store.Open(ctx, cfg.Location(), nil)
		if err != nil {
			return err
		}
		defer db.Close()
		st, err := db.Status(ctx)
		if err != nil {
			return err
		}
		where := cfg.Location().Describe()
		if *status {
			fmt.Fprintf(e.stdout, "%s: schema version %d of %d, %d pending\n", where, st.Current, st.Latest, len(st.Pending))
			for _, m := range st.Pending {
				fmt.Fprintf(e.stdout, "  pending %s\n", m.Name)
			}
			return nil
		}
		applied, err := db.Migrate(ctx)
		for _, m := range applied {
			fmt.Fprintf(e.stdout, "applied %s\n", m.Name)
		}
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintf(e.stdout, "%s is up to date (schema version %d)\n", where, st.Latest)
			return nil
		}
		fmt.Fprintf(e.stdout, "%s migrated to schema version %d\n", where, st.Latest)
		return nil
	}
	return c
}
