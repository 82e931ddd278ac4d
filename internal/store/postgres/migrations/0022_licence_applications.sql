-- Dual-use export licence applications: the form and the procedure's
-- state as one JSON document (body), with the columns lists filter on;
-- each step taken, in order; the documents attached (contents kept by
-- SHA-256 outside the database, as case attachments are).
CREATE TABLE licence_applications (
	seq BIGINT NOT NULL PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	exporter_uscc TEXT NOT NULL,
	province TEXT NOT NULL,
	status TEXT NOT NULL,
	revision INTEGER NOT NULL,
	consulted TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	body TEXT NOT NULL
);
CREATE INDEX licence_applications_exporter ON licence_applications (exporter_uscc, seq);
CREATE INDEX licence_applications_province ON licence_applications (province, status);

CREATE TABLE licence_application_steps (
	application_id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	at TIMESTAMPTZ NOT NULL,
	actor TEXT NOT NULL,
	agency TEXT NOT NULL,
	action TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	note TEXT NOT NULL,
	PRIMARY KEY (application_id, seq)
);

CREATE TABLE licence_application_files (
	id TEXT NOT NULL PRIMARY KEY,
	application_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	size BIGINT NOT NULL,
	sha256 TEXT NOT NULL,
	author TEXT NOT NULL,
	agency TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX licence_application_files_app ON licence_application_files (application_id, created_at);
