-- Captured EPCIS events: one row per event (the event as captured, plus
-- the fields queries filter on) and one row per quantity element.
CREATE TABLE epcis_events (
	event_key TEXT NOT NULL PRIMARY KEY,
	event_id TEXT NOT NULL DEFAULT '',
	event_type TEXT NOT NULL,
	event_time TEXT NOT NULL,
	action TEXT NOT NULL DEFAULT '',
	biz_step TEXT NOT NULL DEFAULT '',
	disposition TEXT NOT NULL DEFAULT '',
	read_point TEXT NOT NULL DEFAULT '',
	biz_location TEXT NOT NULL DEFAULT '',
	sources TEXT NOT NULL DEFAULT '',
	destinations TEXT NOT NULL DEFAULT '',
	biz_transactions TEXT NOT NULL DEFAULT '',
	document TEXT NOT NULL,
	capture_id TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
CREATE INDEX epcis_events_time ON epcis_events (event_time, event_key);
CREATE INDEX epcis_events_location ON epcis_events (biz_location, event_time);
CREATE INDEX epcis_events_step ON epcis_events (biz_step, event_time);

CREATE TABLE epcis_quantities (
	event_key TEXT NOT NULL REFERENCES epcis_events (event_key) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	role TEXT NOT NULL,
	epc_class TEXT NOT NULL,
	quantity INTEGER NOT NULL,
	uom TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event_key, seq)
);
CREATE INDEX epcis_quantities_class ON epcis_quantities (epc_class, role);
