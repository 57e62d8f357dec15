-- Labels of every kind. A 'tag' is an image-level class; geometry is JSON in upright-image pixels
-- (box: {x,y,w,h}; polygon: {points:[[x,y],...]}; point: {x,y}); a mask keeps its run-length
-- encoding over its bounding box in `mask`. Deleted rows stay, flagged, for the audit trail.
CREATE TABLE annotations (
  id         INTEGER PRIMARY KEY,
  image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  class_id   INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  kind       TEXT    NOT NULL CHECK (kind IN ('tag', 'box', 'polygon', 'mask', 'point')),
  geometry   TEXT,
  mask       BLOB,
  author     TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

CREATE INDEX annotations_image ON annotations (image_id) WHERE deleted = 0;
CREATE INDEX annotations_class ON annotations (class_id) WHERE deleted = 0;
CREATE UNIQUE INDEX annotations_one_tag ON annotations (image_id, class_id) WHERE kind = 'tag' AND deleted = 0;
