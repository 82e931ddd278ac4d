-- An officer's saved filters of a list page (the alert queue), by name.
CREATE TABLE saved_filters (
	user_id TEXT NOT NULL,
	page TEXT NOT NULL,
	name TEXT NOT NULL,
	query TEXT NOT NULL,
	saved_at TEXT NOT NULL,
	PRIMARY KEY (user_id, page, name)
);
