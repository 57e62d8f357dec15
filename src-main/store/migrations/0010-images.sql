-- Every image file of the dataset. `path` is dataset-relative with '/' separators.
-- width/height are of the upright image (EXIF orientation applied); mtime is in ms since the epoch.
CREATE TABLE images (
  id          INTEGER PRIMARY KEY,
  path        TEXT    NOT NULL UNIQUE,
  sha256      TEXT,
  bytes       INTEGER NOT NULL DEFAULT 0,
  width       INTEGER,
  height      INTEGER,
  orientation INTEGER,
  format      TEXT,
  mtime       INTEGER NOT NULL DEFAULT 0,
  source      TEXT    NOT NULL DEFAULT 'folder' CHECK (source IN ('folder', 'camera', 'url', 'import')),
  source_ref  TEXT,
  status      TEXT    NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'done', 'skipped')),
  split       TEXT             CHECK (split IN ('train', 'val', 'test')),
  missing     INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
  error       TEXT,
  added_at    INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX images_sha256 ON images (sha256);
CREATE INDEX images_status ON images (status);
CREATE INDEX images_split ON images (split);
