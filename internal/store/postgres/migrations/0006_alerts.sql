-- Alerts about any subject, with their triage status (PostgreSQL twin of the SQLite migration).
CREATE TABLE alerts (
	id TEXT NOT NULL PRIMARY KEY,
	subject_type TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	code TEXT NOT NULL,
	score INTEGER NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	summary_zh TEXT NOT NULL DEFAULT '',
	evidence TEXT NOT NULL DEFAULT '',
	province TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX alerts_queue ON alerts (status, score);
CREATE INDEX alerts_province ON alerts (province, status);
