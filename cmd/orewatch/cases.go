package main

import (
	"context"
	"fmt"

	"orewatch/internal/casework"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

func caseCommand() *command {
	return &command{
		name:    "case",
		summary: "cases across agencies: open from alerts, consult, note, close with a disposal 案件会商",
		usage:   "orewatch case open|list|show|note|update --as USER …",
		example: "orewatch case open --as wang --title 湖南锑流失 --alert DEC-530120250000000003-LICENCE_MISSING --invite MPS",
		subs:    []*command{caseOpenCommand(), caseListCommand(), caseShowCommand(), caseNoteCommand(), caseUpdateCommand()},
	}
}

type listFlag []string

func (l *listFlag) String() string     { return fmt.Sprint(*l) }
func (l *listFlag) Set(v string) error { *l = append(*l, splitBar(v)...); return nil }

// asOfficer resolves --as to the officer the command acts for.
func asOfficer(ctx context.Context, st *sqlstore.DB, name string) (casework.Officer, error) {
	if name == "" {
		return casework.Officer{}, core.FieldErrorf("as", "name the user the command acts as (--as NAME): cases depend on agency and scope")
	}
	u, err := st.Users().ByName(ctx, name)
	if err != nil || u.Disabled {
		return casework.Officer{}, core.FieldErrorf("as", "no active user %q", name)
	}
	return casework.Officer{Name: u.Name, Agency: u.Agency, Province: u.Province, Role: u.Role}, nil
}

func caseOpenCommand() *command {
	c := &command{name: "open", summary: "open a case from alerts 立案", usage: "orewatch case open --as USER --title T --alert ID [--alert ID …] [--invite AGENCY …]",
		example: "orewatch case open --as wang --title 湖南锑流失 --alert ENT-91431300MA4LTB0012-FLOW_LEAKAGE --invite MPS"}
	var as, title *string
	var alerts, invite listFlag
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			as = fs.String("as", "", "the user opening the case (its agency leads)")
			title = fs.String("title", "", "case title")
			fs.Var(&alerts, "alert", "alert id to escalate (repeatable)")
			fs.Var(&invite, "invite", "agency to consult (repeatable)")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			o, err := asOfficer(ctx, st, *as)
			if err != nil {
				return err
			}
			cs, err := casework.Open(ctx, st, o, *title, alerts, invite, e.now())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "opened %s (%s leads; %v; %d subjects)\n", cs.ID, cs.LeadAgency, cs.Agencies, len(cs.Subjects))
			return nil
		})
	}
	return c
}

func caseListCommand() *command {
	c := &command{name: "list", summary: "cases the user may see 案件列表", usage: "orewatch case list --as USER [--status S] [--json]", example: "orewatch case list --as wang --status under_consultation"}
	var as, status *string
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			as = fs.String("as", "", "the user listing")
			status = fs.String("status", "", "open, under_consultation, referred or closed")
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			o, err := asOfficer(ctx, st, *as)
			if err != nil {
				return err
			}
			all, err := st.Cases().List(ctx, *status, o.Province)
			if err != nil {
				return err
			}
			cs := []*core.Case{}
			for _, x := range all {
				if casework.CanSee(o, x) {
					cs = append(cs, x)
				}
			}
			if *asJSON {
				return writeJSONLine(e.stdout, map[string]any{"cases": cs})
			}
			for _, x := range cs {
				fmt.Fprintf(e.stdout, "%s  %-18s %-7s %v  %s\n", x.ID, x.Status, x.LeadAgency, x.Agencies, x.Title)
			}
			return nil
		})
	}
	return c
}

func caseShowCommand() *command {
	c := &command{name: "show", summary: "a case and the notes the user may read (audited) 案件详情", usage: "orewatch case show ID --as USER [--json]", example: "orewatch case show CASE-20250701-1a2b3c --as wang"}
	var as *string
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			as = fs.String("as", "", "the user reading")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			o, err := asOfficer(ctx, st, *as)
			if err != nil {
				return err
			}
			cs, notes, err := casework.Show(ctx, st, o, fs.Arg(0))
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, map[string]any{"case": cs, "notes": notes})
			}
			fmt.Fprintf(e.stdout, "%s %s\nstatus %s; lead %s; agencies %v; disposal %s %s\nsubjects %v\n", cs.ID, cs.Title, cs.Status, cs.LeadAgency, cs.Agencies, cs.Disposal, cs.Decision, cs.Subjects)
			for _, n := range notes {
				fmt.Fprintf(e.stdout, "  %s %s (%s): %s\n", n.CreatedAt.Format("2006-01-02 15:04"), n.Author, n.Agency, n.Text)
			}
			return nil
		})
	}
	return c
}

func caseNoteCommand() *command {
	c := &command{name: "note", summary: "add a note or finding 添加会商意见", usage: "orewatch case note ID --as USER --text T [--share AGENCY …] [--private]", example: "orewatch case note CASE-20250701-1a2b3c --as li --text 经泰国转口 --share GAC"}
	var as, text *string
	var share listFlag
	var private *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			as = fs.String("as", "", "the user writing")
			text = fs.String("text", "", "the note")
			fs.Var(&share, "share", "agency that may also read it (repeatable)")
			private = fs.Bool("private", false, "only your agency (and --share) read it, not the lead agency")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			o, err := asOfficer(ctx, st, *as)
			if err != nil {
				return err
			}
			n, err := casework.AddNote(ctx, st, o, fs.Arg(0), *text, casework.Share{With: share, Private: *private}, e.now())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "note %s added; visible to %v\n", n.ID, map[bool]any{true: "all participating agencies", false: n.Visibility}[len(n.Visibility) == 0])
			return nil
		})
	}
	return c
}

func caseUpdateCommand() *command {
	c := &command{name: "update", summary: "invite agencies, change status, close with a disposal 更新或结案",
		usage:   "orewatch case update ID --as USER [--invite AGENCY …] [--status S] [--disposal D --decision TEXT]",
		example: "orewatch case update CASE-20250701-1a2b3c --as wang --status closed --disposal ledger_suspension --decision 会商决定暂停台账"}
	var as, status, disposal, decision *string
	var invite listFlag
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			as = fs.String("as", "", "the user acting")
			status = fs.String("status", "", "open, under_consultation, referred or closed")
			disposal = fs.String("disposal", "", "seizure, penalty, licence_revoked, ledger_suspension, referral_public_security or no_action")
			decision = fs.String("decision", "", "the joint decision")
			fs.Var(&invite, "invite", "agency to consult (repeatable)")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			o, err := asOfficer(ctx, st, *as)
			if err != nil {
				return err
			}
			cs, err := casework.Update(ctx, st, o, fs.Arg(0), *status, *disposal, *decision, invite, e.now())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s is %s %s\n", cs.ID, cs.Status, cs.Disposal)
			return nil
		})
	}
	return c
}
