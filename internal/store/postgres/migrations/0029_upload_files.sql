-- The files of upload jobs done by workers (docs/scale.md): the bundle an
-- officer uploaded, until a worker has analysed it, then the analysis's
-- result files, in chunks so that neither is ever read whole.
CREATE TABLE upload_files (
	job_id TEXT NOT NULL,
	name TEXT NOT NULL,
	seq INTEGER NOT NULL,
	data BYTEA NOT NULL,
	PRIMARY KEY (job_id, name, seq)
);
CREATE INDEX upload_jobs_result ON upload_jobs (result_id);
