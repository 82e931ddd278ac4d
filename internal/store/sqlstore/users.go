package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Users() core.UserRepo    { return users{conn{db: db}} }
func (t txRepos) Users() core.UserRepo { return users{t.c} }

type users struct{ c conn }

const userCols = "id, name, agency, province, role, enterprise_uscc, password_hash, disabled, created_at"

func (r users) Create(ctx context.Context, u *core.User) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			u.ID, u.Name, u.Agency, u.Province, u.Role, string(u.EnterpriseUSCC), u.PasswordHash, u.Disabled, db.tsArg(u.CreatedAt))
		if err != nil {
			return db.translate(fmt.Errorf("create user %s: %w", u.Name, err))
		}
		return nil
	})
}

func scanUser(sc interface{ Scan(...any) error }) (*core.User, error) {
	var u core.User
	var uscc string
	if err := sc.Scan(&u.ID, &u.Name, &u.Agency, &u.Province, &u.Role, &uscc, &u.PasswordHash, &u.Disabled, scanTime{&u.CreatedAt}); err != nil {
		return nil, err
	}
	u.EnterpriseUSCC = core.USCC(uscc)
	return &u, nil
}

func (r users) one(ctx context.Context, where string, arg any) (*core.User, error) {
	u, err := scanUser(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+userCols+` FROM users WHERE `+where), arg))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "no such user")
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get user: %w", err))
	}
	return u, nil
}

func (r users) ByName(ctx context.Context, name string) (*core.User, error) {
	return r.one(ctx, "name = ?", name)
}
func (r users) ByID(ctx context.Context, id string) (*core.User, error) {
	return r.one(ctx, "id = ?", id)
}

func (r users) List(ctx context.Context) ([]*core.User, error) {
	var out []*core.User
	err := r.c.all(ctx, `SELECT `+userCols+` FROM users ORDER BY name`, func(sc interface{ Scan(...any) error }) error {
		u, err := scanUser(sc)
		out = append(out, u)
		return err
	})
	return out, err
}

func (r users) Update(ctx context.Context, u *core.User) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE users SET agency = ?, province = ?, role = ?, enterprise_uscc = ?, password_hash = ?, disabled = ? WHERE id = ?`),
			u.Agency, u.Province, u.Role, string(u.EnterpriseUSCC), u.PasswordHash, u.Disabled, u.ID)
		if err != nil {
			return db.translate(fmt.Errorf("update user %s: %w", u.Name, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no such user")
		}
		return nil
	})
}

func (r users) Count(ctx context.Context) (int, error) {
	var n int
	err := r.c.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, r.c.db.translate(err)
}

func (r users) CreateToken(ctx context.Context, t *core.Token) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO api_tokens (id, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
			t.ID, t.UserID, t.Hash, db.tsArg(t.CreatedAt), db.tsArg(t.ExpiresAt))
		if err != nil {
			return db.translate(fmt.Errorf("create token: %w", err))
		}
		return nil
	})
}

func (r users) TokenByHash(ctx context.Context, hash string) (*core.Token, error) {
	var t core.Token
	var revoked string
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT id, user_id, token_hash, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?`), hash).
		Scan(&t.ID, &t.UserID, &t.Hash, scanTime{&t.CreatedAt}, scanTime{&t.ExpiresAt}, &revoked)
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "no such token")
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get token: %w", err))
	}
	if revoked != "" {
		if t.RevokedAt, err = time.Parse(time.RFC3339Nano, revoked); err != nil {
			return nil, fmt.Errorf("token %s: revoked_at %q: %w", t.ID, revoked, err)
		}
	}
	return &t, nil
}

func (r users) RevokeToken(ctx context.Context, id string, at time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''`), at.UTC().Format(time.RFC3339Nano), id)
		if err != nil {
			return db.translate(fmt.Errorf("revoke token %s: %w", id, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no active token %s", id)
		}
		return nil
	})
}

func (r users) AddSetupToken(ctx context.Context, hash string, at time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO setup_tokens (hash, created_at) VALUES (?, ?)`), hash, db.tsArg(at)); err != nil {
			return db.translate(fmt.Errorf("keep the setup secret: %w", err))
		}
		return nil
	})
}

func (r users) SetupTokenValid(ctx context.Context, hash string) (bool, error) {
	var n int
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT COUNT(*) FROM setup_tokens WHERE hash = ?`), hash).Scan(&n)
	return n > 0, r.c.db.translate(err)
}

func (r users) CreateFirst(ctx context.Context, u *core.User) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if db.dialect.Name == "postgres" {
			// Two servers' setup links used at once: one creates the
			// first administrator, the other finds a user.
			if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7202)`); err != nil {
				return db.translate(fmt.Errorf("first user: %w", err))
			}
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return db.translate(fmt.Errorf("first user: %w", err))
		}
		if n > 0 {
			return core.Errorf(core.ECONFLICT, "the store has users already: the setup link is spent")
		}
		if err := (users{conn{db: db, q: q}}).Create(ctx, u); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return db.translate(fmt.Errorf("forget the setup secrets: %w", err))
		}
		return nil
	})
}
