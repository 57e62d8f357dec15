-- URL list imports, kept so an interrupted import resumes where it stopped. One row per import
-- (list_sha256 identifies the list it was started from); one row per URL line of the list.
-- Item state: pending (not finished yet), done (image saved), duplicate (same content already in
-- the dataset), failed (reason says why). image_id is the saved or matched image.
CREATE TABLE url_imports (
  id            INTEGER PRIMARY KEY,
  list_sha256   TEXT    NOT NULL,
  allow_private INTEGER NOT NULL DEFAULT 0 CHECK (allow_private IN (0, 1)),
  state         TEXT    NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX url_imports_list ON url_imports (list_sha256, state);

CREATE TABLE url_import_items (
  import_id INTEGER NOT NULL REFERENCES url_imports (id) ON DELETE CASCADE,
  line      INTEGER NOT NULL,
  url       TEXT    NOT NULL,
  label     TEXT,
  state     TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'duplicate', 'failed')),
  reason    TEXT,
  image_id  INTEGER REFERENCES images (id) ON DELETE SET NULL,
  PRIMARY KEY (import_id, line)
) STRICT;
