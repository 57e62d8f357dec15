-- Label imports (COCO, YOLO, VOC, labelme), kept so that the same source imported again adds
-- nothing and an interrupted import is completed by running it again. source_sha256 identifies
-- the content of the label files (not where they are); source is the path it was imported from,
-- for the person. state: running (not finished: still going, or interrupted), done, undone (its
-- regions were taken back with undo, so importing the same source again starts afresh).
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  format        TEXT    NOT NULL,
  source_sha256 TEXT    NOT NULL,
  source        TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'undone')),
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
) STRICT;

CREATE INDEX imports_source ON imports (format, source_sha256, state);

-- The import that wrote a region, and the region's place in its source (file and entry): an
-- import never writes the same entry twice, however often it is run.
ALTER TABLE annotations ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;
ALTER TABLE annotations ADD COLUMN import_ref TEXT;

CREATE UNIQUE INDEX annotations_import_ref ON annotations (import_id, import_ref) WHERE import_id IS NOT NULL;
CREATE INDEX annotations_import ON annotations (import_id) WHERE import_id IS NOT NULL;
