-- Event quantities lose their foreign key: events are append-only (an
-- error is corrected by an errorDeclaration event, never by deleting the
-- event) and the capture path writes a quantity only for an event it has
-- just stored in the same transaction, so the check bought nothing and cost
-- an index probe for every quantity row. SQLite cannot drop a constraint:
-- the table is rebuilt.
CREATE TABLE epcis_quantities_new (
	event_key TEXT NOT NULL,
	seq INTEGER NOT NULL,
	role TEXT NOT NULL,
	epc_class TEXT NOT NULL,
	quantity INTEGER NOT NULL,
	uom TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event_key, seq)
);
INSERT INTO epcis_quantities_new SELECT event_key, seq, role, epc_class, quantity, uom FROM epcis_quantities;
DROP TABLE epcis_quantities;
ALTER TABLE epcis_quantities_new RENAME TO epcis_quantities;
CREATE INDEX epcis_quantities_class ON epcis_quantities (epc_class, role);
