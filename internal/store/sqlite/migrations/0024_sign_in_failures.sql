-- Failed sign-ins per key (a user name, a client address), so that every
-- server of one database throttles the same guesser; rows older than the
-- throttle's window are pruned.
CREATE TABLE sign_in_failures (
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
