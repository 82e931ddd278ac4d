-- Bundles uploaded on the import page and analysed by the server that took
-- them: kept here so that the job's page answers on every server.
CREATE TABLE upload_jobs (
	id TEXT NOT NULL PRIMARY KEY,
	owner TEXT NOT NULL,
	name TEXT NOT NULL,
	state TEXT NOT NULL,
	started_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	finished_at TEXT,
	progress TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	rejected TEXT NOT NULL DEFAULT '',
	rejects INTEGER NOT NULL DEFAULT 0,
	result_id TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	error_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX upload_jobs_started ON upload_jobs (started_at);
