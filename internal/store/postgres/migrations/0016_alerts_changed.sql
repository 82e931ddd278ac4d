-- The alert stream reads the alerts changed since a moment, in order.
CREATE INDEX alerts_changed ON alerts (updated_at, id);
