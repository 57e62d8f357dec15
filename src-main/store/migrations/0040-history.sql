-- The command log: undo/redo and the audit trail. `payload` is JSON with what the command
-- changed (before and after). state: done (can be undone), undone (can be redone),
-- discarded (undone, then overwritten by a newer command; kept for the audit trail).
CREATE TABLE history (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  author     TEXT,
  state      TEXT    NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX history_state ON history (state, id);
