-- Enterprises' monthly books as filed, per material, in kg (10^-4 fixed
-- point); filing again replaces the figures, the earlier ones kept in
-- record_versions (kind monthly_report).
CREATE TABLE monthly_reports (
	uscc TEXT NOT NULL,
	month TEXT NOT NULL,
	material TEXT NOT NULL,
	opening BIGINT NOT NULL,
	received BIGINT NOT NULL,
	produced BIGINT NOT NULL,
	consumed BIGINT NOT NULL,
	shipped BIGINT NOT NULL,
	exported BIGINT NOT NULL,
	closing BIGINT NOT NULL,
	filed_by TEXT NOT NULL,
	source TEXT NOT NULL,
	filed_at TEXT NOT NULL,
	PRIMARY KEY (uscc, month, material)
);
CREATE INDEX monthly_reports_month ON monthly_reports (month, uscc);
