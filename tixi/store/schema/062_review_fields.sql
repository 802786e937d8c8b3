-- A reviewer may correct an automatic flow's fields rather than only accept or reject it (issue 15):
-- the corrected fields, as a JSON object of type, direction, modality, source, target, data ('{}' when none).

ALTER TABLE review_decisions ADD COLUMN corrected TEXT NOT NULL DEFAULT '{}';
