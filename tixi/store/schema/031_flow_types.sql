-- The learned flow decision (issue 10): each flow's type (A civility records into credit, B credit
-- information used in civility honours, C linkage without data, W within one system), the words its
-- source, target and data are written with, and the model that decided it (in rule).

ALTER TABLE flows ADD COLUMN type TEXT NOT NULL DEFAULT '';
ALTER TABLE flows ADD COLUMN source_text TEXT NOT NULL DEFAULT '';
ALTER TABLE flows ADD COLUMN target_text TEXT NOT NULL DEFAULT '';
ALTER TABLE flows ADD COLUMN data_text TEXT NOT NULL DEFAULT '';
