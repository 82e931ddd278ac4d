-- A case file, a licence's or an enterprise's page reads the trail of one
-- object, in order.
CREATE INDEX audit_log_object ON audit_log (object, seq);
