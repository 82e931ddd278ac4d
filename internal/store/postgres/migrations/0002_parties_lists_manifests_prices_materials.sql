-- The rest of the bundle (PostgreSQL twin of the SQLite migration): parties and their links,
-- entries, carrier manifests, market prices and bundle materials.
CREATE TABLE parties (
	party_id TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	country TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	registry_id TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE party_links (
	from_party TEXT NOT NULL,
	to_party TEXT NOT NULL,
	relation TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (from_party, to_party, relation)
);

CREATE TABLE list_entries (
	list TEXT NOT NULL,
	name TEXT NOT NULL,
	listed_on TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT '',
	delisted_on TEXT NOT NULL DEFAULT '',
	reference TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (list, name, listed_on)
);

CREATE TABLE manifests (
	bill_of_lading TEXT NOT NULL,
	container_no TEXT NOT NULL,
	vgm_kg BIGINT NOT NULL,
	tare_kg BIGINT NOT NULL DEFAULT 0,
	size TEXT NOT NULL DEFAULT '',
	port_of_loading TEXT NOT NULL DEFAULT '',
	port_of_discharge TEXT NOT NULL DEFAULT '',
	transshipment_port TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (bill_of_lading, container_no)
);

CREATE TABLE prices (
	material TEXT NOT NULL,
	market TEXT NOT NULL,
	price_date DATE NOT NULL,
	price BIGINT NOT NULL,
	currency TEXT NOT NULL,
	unit TEXT NOT NULL,
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (material, market, price_date)
);

CREATE TABLE materials (
	material TEXT NOT NULL PRIMARY KEY,
	mineral_group TEXT NOT NULL,
	hs_codes TEXT NOT NULL DEFAULT '',
	made_from TEXT NOT NULL DEFAULT '',
	density_kg_m3 BIGINT NOT NULL DEFAULT 0,
	basis TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
