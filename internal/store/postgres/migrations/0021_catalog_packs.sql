-- Catalogue packs as applied: each node builds its control catalogue from
-- the shipped data and these, in seq order (a pack applied on one node
-- reaches the others at their next refresh).
CREATE TABLE catalog_packs (
	seq BIGINT NOT NULL PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	sha256 TEXT NOT NULL,
	title_zh TEXT NOT NULL,
	title_en TEXT NOT NULL,
	published TEXT NOT NULL,
	body TEXT NOT NULL,
	applied_by TEXT NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL
);
