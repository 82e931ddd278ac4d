package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Webhooks() core.WebhookRepo    { return webhooks{conn{db: db}} }
func (t txRepos) Webhooks() core.WebhookRepo { return webhooks{t.c} }

type webhooks struct{ c conn }

const deliveryCols = "id, alert_id, alert_changed, body, status, attempts, next_at, last_error, created_at, delivered_at"

func (r webhooks) Cursor(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := r.c.reader().QueryRowContext(ctx, `SELECT changed_after FROM webhook_cursor WHERE id = 1`).Scan(scanTime{&t})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, r.c.db.translate(fmt.Errorf("read the webhook's cursor: %w", err))
	}
	return t, nil
}

func (r webhooks) SetCursor(ctx context.Context, t time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO webhook_cursor (id, changed_after) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET changed_after = excluded.changed_after`), db.tsArg(t))
		if err != nil {
			return db.translate(fmt.Errorf("move the webhook's cursor: %w", err))
		}
		return nil
	})
}

func (r webhooks) Enqueue(ctx context.Context, d *core.Delivery) (bool, error) {
	db := r.c.db
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO webhook_deliveries (id, alert_id, alert_changed, body, status, attempts, next_at,
			last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, alert_changed) DO NOTHING`),
			d.ID, d.AlertID, db.tsArg(d.AlertChanged), d.Body, d.Status, d.Attempts, db.tsArg(d.NextAt), d.LastError, db.tsArg(d.CreatedAt))
		if err != nil {
			return db.translate(fmt.Errorf("enqueue delivery of alert %s: %w", d.AlertID, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

func scanDelivery(sc interface{ Scan(...any) error }) (*core.Delivery, error) {
	var d core.Delivery
	var delivered time.Time
	if err := sc.Scan(&d.ID, &d.AlertID, scanTime{&d.AlertChanged}, &d.Body, &d.Status, &d.Attempts, scanTime{&d.NextAt}, &d.LastError,
		scanTime{&d.CreatedAt}, scanTime{&delivered}); err != nil {
		return nil, err
	}
	if !delivered.IsZero() {
		d.DeliveredAt = &delivered
	}
	return &d, nil
}

func (r webhooks) list(ctx context.Context, query string, args ...any) ([]*core.Delivery, error) {
	var out []*core.Delivery
	err := r.c.all(ctx, query, func(sc interface{ Scan(...any) error }) error {
		d, err := scanDelivery(sc)
		if err == nil {
			out = append(out, d)
		}
		return err
	}, args...)
	return out, err
}

func (r webhooks) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*core.Delivery, error) {
	db := r.c.db
	lock := ""
	if db.dialect.Name == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED" // another server's claim in flight is passed by, not waited for
	}
	var out []*core.Delivery
	err := r.c.write(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`UPDATE webhook_deliveries SET next_at = ? WHERE id IN (
			SELECT id FROM webhook_deliveries WHERE status = ? AND next_at <= ? ORDER BY next_at, id`+page(0, limit)+lock+`)
			RETURNING `+deliveryCols), db.tsArg(now.Add(lease)), core.DeliveryPending, db.tsArg(now))
		if err != nil {
			return db.translate(fmt.Errorf("claim deliveries: %w", err))
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, err
}

func (r webhooks) List(ctx context.Context, status string, limit int) ([]*core.Delivery, error) {
	return r.list(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE status = ? ORDER BY created_at DESC, id`+page(0, limit), status)
}

func (r webhooks) Count(ctx context.Context, status string) (int, error) {
	var n int
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT COUNT(*) FROM webhook_deliveries WHERE status = ?`), status).Scan(&n)
	if err != nil {
		return 0, r.c.db.translate(fmt.Errorf("count %s deliveries: %w", status, err))
	}
	return n, nil
}

func (r webhooks) Settle(ctx context.Context, d *core.Delivery) error {
	db := r.c.db
	var delivered any
	if d.DeliveredAt != nil {
		delivered = db.tsArg(*d.DeliveredAt)
	}
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_at = ?, last_error = ?, delivered_at = ?
			WHERE id = ?`), d.Status, d.Attempts, db.tsArg(d.NextAt), d.LastError, delivered, d.ID)
		if err != nil {
			return db.translate(fmt.Errorf("settle delivery %s: %w", d.ID, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no delivery %s", d.ID)
		}
		return nil
	})
}

func (r webhooks) Replay(ctx context.Context, id string, now time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE webhook_deliveries SET status = ?, attempts = 0, next_at = ?, last_error = ''
			WHERE id = ? AND status = ?`), core.DeliveryPending, db.tsArg(now), id, core.DeliveryDead)
		if err != nil {
			return db.translate(fmt.Errorf("replay delivery %s: %w", id, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no dead delivery %s", id)
		}
		return nil
	})
}
