-- The audit trail (PostgreSQL twin of the SQLite migration): append-only rows chained by hash, and its head, which
-- serialises appends (the row is locked by the appending transaction).
CREATE TABLE audit_log (
	seq BIGINT NOT NULL PRIMARY KEY,
	at TIMESTAMPTZ NOT NULL,
	actor TEXT NOT NULL,
	agency TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	object TEXT NOT NULL DEFAULT '',
	before_digest TEXT NOT NULL DEFAULT '',
	after_digest TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
	id INTEGER NOT NULL PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
