-- Imports: each bundle import is a row, running until it is done or
-- failed, and every row a bundle import wrote says which import last
-- changed it. An import is committed in batches; one that failed is
-- resumed by importing the same bundle again (what was stored is
-- unchanged, the rest is written).
CREATE TABLE imports (
	id TEXT NOT NULL PRIMARY KEY,
	title TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL DEFAULT '',
	agency TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	rows_written BIGINT NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	started_at TEXT NOT NULL,
	finished_at TEXT
);
CREATE INDEX imports_started ON imports (started_at);
ALTER TABLE enterprises ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE licences ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration_items ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE parties ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE party_links ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE list_entries ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE manifests ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE prices ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
ALTER TABLE materials ADD COLUMN import_id TEXT NOT NULL DEFAULT '';
