-- Case attachments: the file lives in the attachment store under its
-- SHA-256; the name people gave it is kept here only, never used as a path.
CREATE TABLE case_attachments (
	id TEXT NOT NULL PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	author TEXT NOT NULL,
	agency TEXT NOT NULL,
	visibility TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at);
