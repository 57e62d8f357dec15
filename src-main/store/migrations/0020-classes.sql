CREATE TABLE classes (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  color      TEXT    NOT NULL,
  hotkey     TEXT,
  ord        INTEGER NOT NULL,
  archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX classes_name ON classes (name COLLATE NOCASE);
