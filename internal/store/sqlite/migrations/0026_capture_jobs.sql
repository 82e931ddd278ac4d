-- EPCIS documents accepted for capture by a worker: stored before the
-- server answers 202, finished in the same transaction as their events.
CREATE TABLE capture_jobs (
	id TEXT NOT NULL PRIMARY KEY,
	state TEXT NOT NULL,
	actor TEXT NOT NULL,
	agency TEXT NOT NULL,
	created_at TEXT NOT NULL,
	finished_at TEXT,
	result TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	document BLOB
);
CREATE INDEX capture_jobs_queued ON capture_jobs (state, created_at);
