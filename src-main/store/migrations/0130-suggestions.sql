-- What the user's own models predicted (issue 12): suggestions, never labels until a person
-- accepts them. `model_id` is the sha256 of the .onnx file (a retrained model is another model);
-- a box is in upright-image pixels. `state`: pending, or what a person decided (accepted: the label
-- or region it became is `annotation_id`, a tag's row for a class suggestion is found by image and
-- class). Rows stay after a decision, for the audit trail and so a re-run does not ask again.
CREATE TABLE suggestions (
  id            INTEGER PRIMARY KEY,
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  model_id      TEXT    NOT NULL,
  model_name    TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('class', 'box')),
  class_id      INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  score         REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
  x             REAL,
  y             REAL,
  w             REAL,
  h             REAL,
  state         TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
  annotation_id INTEGER REFERENCES annotations (id) ON DELETE SET NULL,
  decided_by    TEXT,
  decided_at    INTEGER,
  created_at    INTEGER NOT NULL,
  CHECK ((kind = 'box') = (x IS NOT NULL AND y IS NOT NULL AND w IS NOT NULL AND h IS NOT NULL))
) STRICT;

CREATE INDEX suggestions_image ON suggestions (image_id, kind);
CREATE INDEX suggestions_pending ON suggestions (class_id, score) WHERE state = 'pending';

-- One row per image a model has run on (even when it suggested nothing): a re-run skips these, so
-- an interrupted pre-label carries on where it stopped. For a classifier, its best class over all
-- labels with the score and the margin to the second best (what to label next; likely errors).
CREATE TABLE predictions (
  image_id     INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  model_id     TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('class', 'box')),
  top_class_id INTEGER REFERENCES classes (id) ON DELETE SET NULL,
  top_score    REAL,
  margin       REAL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (image_id, model_id)
) STRICT;

CREATE INDEX predictions_model ON predictions (model_id);
