package core

import (
	"context"
	"time"
)

// Delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryDead      = "dead"
)

// Delivery is one alert change sent, or to be sent, to the webhook.
type Delivery struct {
	ID           string     `json:"id"`
	AlertID      string     `json:"alert_id"`
	AlertChanged time.Time  `json:"alert_changed"`
	Body         string     `json:"body"`
	Status       string     `json:"status"`
	Attempts     int        `json:"attempts"`
	NextAt       time.Time  `json:"next_at"`
	LastError    string     `json:"last_error,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	DeliveredAt  *time.Time `json:"delivered_at,omitempty"`
}

// WebhookRepo keeps the webhook's deliveries and how far it has read the
// alerts.
type WebhookRepo interface {
	// Cursor is the change time the alerts were read up to (zero at first).
	Cursor(ctx context.Context) (time.Time, error)
	SetCursor(ctx context.Context, t time.Time) error
	// Enqueue adds a pending delivery; the same alert change twice is
	// one delivery (added false).
	Enqueue(ctx context.Context, d *Delivery) (added bool, err error)
	// Claim takes up to limit due deliveries for one sender: their next
	// time moves lease ahead, so that the other servers of the database
	// pass them by while this one sends (and take them up again if it
	// dies before settling them).
	Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*Delivery, error)
	// Settle records an attempt's outcome: delivered, retried later
	// (pending with NextAt) or dead.
	Settle(ctx context.Context, d *Delivery) error
	// List returns deliveries of a status, newest first.
	List(ctx context.Context, status string, limit int) ([]*Delivery, error)
	// Count counts deliveries of a status.
	Count(ctx context.Context, status string) (int, error)
	// Replay makes a dead delivery pending again, due now.
	Replay(ctx context.Context, id string, now time.Time) error
}
