-- How a model's labels meet this dataset's classes where their names differ (issue 12): the user
-- maps a model label onto a class, or ignores it (class_id NULL: its predictions are not stored).
-- Per model (model_id is the sha256 of the .onnx file, as in suggestions) and per dataset (this
-- store). A label with no row here is matched by name. Removing the class removes its mappings.
CREATE TABLE model_label_map (
  model_id   TEXT    NOT NULL,
  label      TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  class_id   INTEGER REFERENCES classes (id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, label)
) STRICT;
