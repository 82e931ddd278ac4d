-- Lodgements: declarations lodged one at a time through the API. The
-- newest state of each, every version lodged under its number with the
-- answer it got, and what its accepted items drew on licences (the
-- drawdown, counted under a lock on the licence so that concurrent
-- lodgings never draw more than it allows).
CREATE TABLE lodgements (
	declaration_no TEXT NOT NULL PRIMARY KEY,
	version INTEGER NOT NULL,
	body_hash TEXT NOT NULL,
	channel TEXT NOT NULL,
	score INTEGER NOT NULL,
	answer TEXT NOT NULL,
	exporter_uscc TEXT NOT NULL,
	lodged_by TEXT NOT NULL DEFAULT '',
	first_lodged_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE lodgement_versions (
	declaration_no TEXT NOT NULL,
	version INTEGER NOT NULL,
	body_hash TEXT NOT NULL,
	body TEXT NOT NULL,
	answer TEXT NOT NULL,
	lodged_by TEXT NOT NULL DEFAULT '',
	lodged_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (declaration_no, version)
);
CREATE TABLE licence_drawdowns (
	declaration_no TEXT NOT NULL,
	item_no INTEGER NOT NULL,
	licence_no TEXT NOT NULL,
	grams BIGINT NOT NULL, -- kilograms × 1000: sums exact
	PRIMARY KEY (declaration_no, item_no)
);
CREATE INDEX licence_drawdowns_licence ON licence_drawdowns (licence_no, declaration_no, item_no);
