-- Licence changes: suspensions, revocations and reinstatements, each
-- dated from the day it takes effect, so that a declaration is judged on
-- the licence as it stood on its own day.
CREATE TABLE licence_changes (
	licence_no TEXT NOT NULL,
	seq INTEGER NOT NULL,
	status TEXT NOT NULL,
	effective_on DATE NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL DEFAULT '',
	recorded_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (licence_no, seq)
);
