-- The ledger (台账), licences and declaration items. Dates are YYYY-MM-DD
-- text, timestamps RFC 3339 text, quantities and money BIGINT scaled by 10^4.
CREATE TABLE enterprises (
	uscc TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	province TEXT NOT NULL,
	city TEXT NOT NULL DEFAULT '',
	segments TEXT NOT NULL DEFAULT '',
	minerals TEXT NOT NULL DEFAULT '',
	registered_on TEXT,
	ledger_status TEXT NOT NULL,
	compliance_program INTEGER NOT NULL DEFAULT 0,
	address TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_province ON enterprises (province, ledger_status);

CREATE TABLE enterprise_status (
	uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
	status TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (uscc, effective_on, status)
);

CREATE TABLE licences (
	licence_no TEXT NOT NULL PRIMARY KEY,
	exporter_uscc TEXT NOT NULL,
	status TEXT NOT NULL,
	uses TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL,
	hs_code TEXT NOT NULL,
	control_code TEXT NOT NULL DEFAULT '',
	goods_name TEXT NOT NULL DEFAULT '',
	quantity INTEGER NOT NULL,
	unit TEXT NOT NULL,
	destination TEXT NOT NULL,
	consignee_name TEXT NOT NULL DEFAULT '',
	end_user_name TEXT NOT NULL DEFAULT '',
	end_use TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX licences_exporter ON licences (exporter_uscc);

CREATE TABLE declaration_items (
	declaration_no TEXT NOT NULL,
	item_no INTEGER NOT NULL,
	declared_at TEXT NOT NULL,
	exporter_uscc TEXT NOT NULL,
	exporter_name TEXT NOT NULL DEFAULT '',
	producer_uscc TEXT NOT NULL DEFAULT '',
	agent_uscc TEXT NOT NULL DEFAULT '',
	customs_office TEXT NOT NULL DEFAULT '',
	transport_mode TEXT NOT NULL,
	bill_of_lading TEXT NOT NULL DEFAULT '',
	containers TEXT NOT NULL DEFAULT '',
	trade_mode TEXT NOT NULL DEFAULT '',
	trading_country TEXT NOT NULL DEFAULT '',
	destination_country TEXT NOT NULL,
	consignee_name TEXT NOT NULL,
	consignee_country TEXT NOT NULL DEFAULT '',
	consignee_address TEXT NOT NULL DEFAULT '',
	licence_no TEXT NOT NULL DEFAULT '',
	hs_code TEXT NOT NULL,
	goods_name TEXT NOT NULL,
	goods_spec TEXT NOT NULL DEFAULT '',
	quantity INTEGER NOT NULL,
	unit TEXT NOT NULL,
	net_weight_kg INTEGER NOT NULL,
	gross_weight_kg INTEGER NOT NULL,
	packages INTEGER NOT NULL DEFAULT 0,
	unit_price INTEGER NOT NULL DEFAULT 0,
	total_value INTEGER NOT NULL,
	currency TEXT NOT NULL,
	incoterm TEXT NOT NULL DEFAULT '',
	origin_country TEXT NOT NULL DEFAULT '',
	remarks TEXT NOT NULL DEFAULT '',
	extra TEXT NOT NULL DEFAULT '',
	row_hash TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (declaration_no, item_no)
);
CREATE INDEX declaration_items_order ON declaration_items (declared_at, declaration_no, item_no);
CREATE INDEX declaration_items_exporter ON declaration_items (exporter_uscc, declared_at);
CREATE INDEX declaration_items_licence ON declaration_items (licence_no);
CREATE INDEX declaration_items_hs ON declaration_items (hs_code);
