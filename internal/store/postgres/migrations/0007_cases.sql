-- Cases (案件) and their notes (PostgreSQL twin of the SQLite migration); agencies, visibility and subjects are
-- "|a|b|" lists like the other list columns.
CREATE TABLE cases (
	id TEXT NOT NULL PRIMARY KEY,
	title TEXT NOT NULL,
	lead_agency TEXT NOT NULL,
	agencies TEXT NOT NULL,
	province TEXT NOT NULL DEFAULT '',
	assignee TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	disposal TEXT NOT NULL DEFAULT '',
	decision TEXT NOT NULL DEFAULT '',
	subjects TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_status ON cases (status, province);

CREATE TABLE case_notes (
	id TEXT NOT NULL PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	author TEXT NOT NULL,
	agency TEXT NOT NULL,
	visibility TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);
