-- The analysts' rules applied to the store, newest last: every server runs
-- the newest, so that one apply reaches them all.
CREATE TABLE rule_sets (
	seq BIGINT NOT NULL PRIMARY KEY,
	version TEXT NOT NULL,
	files TEXT NOT NULL,
	rules INTEGER NOT NULL,
	applied_by TEXT NOT NULL,
	applied_at TEXT NOT NULL
);
