package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/store/sqlstore"
)

func userCommand() *command {
	return &command{
		name:    "user",
		summary: "users: one agency, optional province, one role 用户管理",
		usage:   "orewatch user add|list|disable|reset-password …",
		example: "echo 'a long passphrase' | orewatch user add zhang.wei --role analyst --agency GAC --province 430000 --password-stdin",
		subs:    []*command{userAddCommand(), userListCommand(), userDisableCommand(), userResetCommand()},
	}
}

func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userAddCommand() *command {
	c := &command{name: "add", summary: "add a user 新增用户",
		usage:   "orewatch user add NAME --role ROLE --agency CODE [--province P] [--enterprise USCC] --password-stdin",
		example: "echo 'a long passphrase' | orewatch user add admin --role admin --agency GAC --password-stdin"}
	var role, agency, province, enterprise *string
	var pwStdin *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			role = fs.String("role", "", "viewer, analyst, investigator, supervisor, admin or enterprise")
			agency = fs.String("agency", "", "MOFCOM, MIIT, MPS, MSS, MNR, MOT, SASAC, GAC, SAMR, SPB, SPC, SPP or GOV")
			province = fs.String("province", "", "limit the user to one province (code or name)")
			enterprise = fs.String("enterprise", "", "for role enterprise: the USCC the user may see")
			pwStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			u := &core.User{ID: access.NewID(), Name: fs.Arg(0), Agency: strings.ToUpper(*agency), Role: *role, CreatedAt: e.now().UTC()}
			if !validRole(u.Role) {
				return core.FieldErrorf("role", "unknown role %q (%s)", u.Role, strings.Join(core.Roles, ", "))
			}
			if _, ok := access.Agencies[u.Agency]; !ok {
				return core.FieldErrorf("agency", "unknown agency %q", *agency)
			}
			if *province != "" {
				code, err := ledger.ParseProvince(*province)
				if err != nil {
					return err
				}
				u.Province = code
			}
			if u.Role == core.RoleEnterprise {
				usc, err := core.ParseUSCC(*enterprise)
				if err != nil {
					return core.FieldErrorf("enterprise", "an enterprise user needs --enterprise USCC: %v", err)
				}
				u.EnterpriseUSCC = usc
			}
			if !*pwStdin {
				return usagef("give the password on standard input with --password-stdin (it is never taken from a flag)")
			}
			pw, err := readPassword(e.stdin)
			if err != nil {
				return err
			}
			if u.PasswordHash, err = access.HashPassword(pw); err != nil {
				return err
			}
			if err := audit.Change(ctx, st, cliActor(e), "user.add", u.Name, nil, u, u.Role+" "+u.Agency, func(r core.Repos) error {
				return r.Users().Create(ctx, u)
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added user %s (%s, %s%s)\n", u.Name, u.Role, u.Agency, map[bool]string{true: ", province " + u.Province, false: ""}[u.Province != ""])
			return nil
		})
	}
	return c
}

func validRole(r string) bool {
	for _, x := range core.Roles {
		if x == r {
			return true
		}
	}
	return false
}

func userListCommand() *command {
	c := &command{name: "list", summary: "list users 用户列表", usage: "orewatch user list [--json]", example: "orewatch user list"}
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) { asJSON = fs.Bool("json", false, "print JSON") }, func(st *sqlstore.DB, fs *flagSet) error {
			us, err := st.Users().List(ctx)
			if err != nil {
				return err
			}
			if *asJSON {
				if us == nil {
					us = []*core.User{}
				}
				return writeJSONLine(e.stdout, map[string]any{"users": us})
			}
			for _, u := range us {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				fmt.Fprintf(e.stdout, "%-20s %-12s %-7s %-7s %-9s %s\n", u.Name, u.Role, u.Agency, u.Province, state, u.EnterpriseUSCC)
			}
			return nil
		})
	}
	return c
}

func userDisableCommand() *command {
	c := &command{name: "disable", summary: "disable a user (their tokens stop working) 停用用户", usage: "orewatch user disable NAME", example: "orewatch user disable zhang.wei"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) { fs.args = 1 }, func(st *sqlstore.DB, fs *flagSet) error {
			u, err := st.Users().ByName(ctx, fs.Arg(0))
			if err != nil {
				return err
			}
			before := *u
			u.Disabled = true
			if err := audit.Change(ctx, st, cliActor(e), "user.disable", u.Name, &before, u, "", func(r core.Repos) error {
				return r.Users().Update(ctx, u)
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "disabled %s\n", u.Name)
			return nil
		})
	}
	return c
}

func userResetCommand() *command {
	c := &command{name: "reset-password", summary: "set a new password 重置密码", usage: "orewatch user reset-password NAME --password-stdin",
		example: "echo 'another long passphrase' | orewatch user reset-password zhang.wei --password-stdin"}
	var pwStdin *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			pwStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			if !*pwStdin {
				return usagef("give the password on standard input with --password-stdin")
			}
			u, err := st.Users().ByName(ctx, fs.Arg(0))
			if err != nil {
				return err
			}
			pw, err := readPassword(e.stdin)
			if err != nil {
				return err
			}
			if u.PasswordHash, err = access.HashPassword(pw); err != nil {
				return err
			}
			if err := audit.Change(ctx, st, cliActor(e), "user.reset-password", u.Name, nil, nil, "password changed", func(r core.Repos) error {
				return r.Users().Update(ctx, u)
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "password of %s changed\n", u.Name)
			return nil
		})
	}
	return c
}

func tokenCommand() *command {
	return &command{
		name:    "token",
		summary: "API tokens: shown once, stored hashed, expiring, revocable 访问令牌",
		usage:   "orewatch token create --user NAME [--ttl 24h] | orewatch token revoke ID",
		example: "orewatch token create --user zhang.wei --ttl 8h",
		subs:    []*command{tokenCreateCommand(), tokenRevokeCommand()},
	}
}

func tokenCreateCommand() *command {
	c := &command{name: "create", summary: "create a token; it is printed once, alone on the last line", usage: "orewatch token create --user NAME [--ttl 24h]",
		example: "TOKEN=$(orewatch token create --user admin | tail -1)"}
	var user *string
	var ttl *time.Duration
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			user = fs.String("user", "", "the user the token acts as")
			ttl = fs.Duration("ttl", 24*time.Hour, "how long the token is valid (at most 90 days)")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			if *ttl <= 0 || *ttl > 90*24*time.Hour {
				return core.FieldErrorf("ttl", "a token lives between 1s and 90 days")
			}
			u, err := st.Users().ByName(ctx, *user)
			if err != nil {
				return core.FieldErrorf("user", "no user %q", *user)
			}
			if u.Disabled {
				return core.FieldErrorf("user", "user %s is disabled", u.Name)
			}
			secret, hash, err := access.NewToken()
			if err != nil {
				return err
			}
			now := e.now().UTC()
			t := &core.Token{ID: access.NewID(), UserID: u.ID, Hash: hash, CreatedAt: now, ExpiresAt: now.Add(*ttl)}
			if err := audit.Change(ctx, st, cliActor(e), "token.create", t.ID, nil, t, "for "+u.Name+" until "+t.ExpiresAt.Format(time.RFC3339), func(r core.Repos) error {
				return r.Users().CreateToken(ctx, t)
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "token %s for %s, valid until %s; send it as Authorization: Bearer <token>. It is not shown again:\n", t.ID, u.Name, t.ExpiresAt.Format(time.RFC3339))
			fmt.Fprintln(e.stdout, secret)
			return nil
		})
	}
	return c
}

func tokenRevokeCommand() *command {
	c := &command{name: "revoke", summary: "revoke a token by its id", usage: "orewatch token revoke ID", example: "orewatch token revoke 3f2a9c…"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) { fs.args = 1 }, func(st *sqlstore.DB, fs *flagSet) error {
			if err := audit.Change(ctx, st, cliActor(e), "token.revoke", fs.Arg(0), nil, nil, "", func(r core.Repos) error {
				return r.Users().RevokeToken(ctx, fs.Arg(0), e.now())
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked %s\n", fs.Arg(0))
			return nil
		})
	}
	return c
}
