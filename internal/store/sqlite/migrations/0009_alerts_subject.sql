-- The declaration and enterprise pages ask for one subject's alerts.
CREATE INDEX alerts_subject ON alerts (subject_type, subject_id);
