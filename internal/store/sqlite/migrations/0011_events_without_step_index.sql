-- The index on (biz_step, event_time) goes. Business steps are few and
-- common (commissioning, shipping, receiving…), so a query by step walks
-- the time index and keeps what matches; the index cost every captured
-- event an insertion, a sixth of the ingest time.
DROP INDEX IF EXISTS epcis_events_step;
