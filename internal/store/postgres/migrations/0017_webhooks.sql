-- Webhook deliveries: one row per alert change sent to the configured
-- URL, retried with back-off until delivered or dead (kept for an
-- administrator to see and replay). The cursor is how far the alerts
-- have been read, so that a restart does not send them again.
CREATE TABLE webhook_deliveries (
	id TEXT NOT NULL PRIMARY KEY,
	alert_id TEXT NOT NULL,
	alert_changed TIMESTAMPTZ NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL, -- pending, delivered, dead
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at TIMESTAMPTZ NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	delivered_at TIMESTAMPTZ,
	UNIQUE (alert_id, alert_changed)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
CREATE TABLE webhook_cursor (
	id INTEGER NOT NULL PRIMARY KEY,
	changed_after TIMESTAMPTZ NOT NULL
);
