-- Rulers (issue 10): a straight line a person measured on an image, in upright-image pixels
-- (x1, y1) to (x2, y2). Its length in mm comes from the image's pixel spacing (image_meta) when it
-- is read, so a corrected spacing corrects every ruler. Rows are never removed, only flagged
-- deleted, so undo and redo in the one history can bring them back by id.
CREATE TABLE rulers (
  id         INTEGER PRIMARY KEY,
  image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  x1         REAL NOT NULL,
  y1         REAL NOT NULL,
  x2         REAL NOT NULL,
  y2         REAL NOT NULL,
  author     TEXT,
  created_at INTEGER NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX rulers_by_image ON rulers (image_id) WHERE deleted = 0;
