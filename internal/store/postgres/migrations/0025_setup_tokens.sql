-- The hashes of the one-time setup secrets servers printed while the store
-- had no user: a link printed by one server works on every server, and the
-- first administrator's creation forgets them all.
CREATE TABLE setup_tokens (
	hash TEXT NOT NULL PRIMARY KEY,
	created_at TIMESTAMPTZ NOT NULL
);
