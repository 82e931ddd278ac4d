-- Event quantities lose their foreign key (see the SQLite twin): events are
-- append-only and a quantity is written only with the event it belongs to,
-- in the same transaction. On PostgreSQL the check also locked every
-- referenced event row (FOR KEY SHARE), which made the insert path a fifth
-- slower.
ALTER TABLE epcis_quantities DROP CONSTRAINT IF EXISTS epcis_quantities_event_key_fkey;
