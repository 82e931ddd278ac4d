-- Record versions: every state a record changed through the API had,
-- oldest first, with who made it and from where, so that a change never
-- overwrites in silence (a licence amended, reassigned or re-issued). The
-- state a record had before its first change through the API — imported
-- from a bundle — is its version 1.
CREATE TABLE record_versions (
	kind TEXT NOT NULL,
	record_key TEXT NOT NULL,
	version INTEGER NOT NULL,
	body TEXT NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	recorded_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (kind, record_key, version)
);
