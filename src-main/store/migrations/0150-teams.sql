-- Teams without a server (issue 14). The owner's side: what was handed out (assignments and
-- their images), what came back (the ledger of merged results), each annotator's answers kept
-- side by side, and how each shared image stands. The annotator's side: the task a working
-- folder was opened from. Times are ms since the epoch.

-- One package handed to one annotator. `id` is the random assignment id written in the package.
CREATE TABLE team_assignments (
  id         TEXT    PRIMARY KEY,
  annotator  TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The images of an assignment. `copy_sha256` is the hash of the upright copy put in the package
-- (what a result must quote); `source_sha256` the original's hash when it was packed. Gold images
-- keep the owner's answer here (`gold_answer`: JSON list of class names), never in the package.
CREATE TABLE team_assignment_images (
  assignment_id TEXT    NOT NULL REFERENCES team_assignments (id) ON DELETE CASCADE,
  image_id      INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  copy_sha256   TEXT    NOT NULL,
  source_sha256 TEXT,
  gold_answer   TEXT,
  PRIMARY KEY (assignment_id, image_id)
) STRICT;

-- Results merged, by the hash of what they carried: the same result again changes nothing.
-- `undone`: the merge was undone (the result can be merged again). Throughput figures come from
-- the result's own history: `active_ms` sums the gaps between the annotator's commands (each gap
-- capped), `labeled` counts the images they answered.
CREATE TABLE team_results (
  content_sha256 TEXT    PRIMARY KEY,
  assignment_id  TEXT    NOT NULL,
  annotator      TEXT    NOT NULL,
  merged_at      INTEGER NOT NULL,
  labeled        INTEGER NOT NULL,
  active_ms      INTEGER NOT NULL,
  undone         INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

-- Each annotator's answer for an image, side by side with the others'. Same geometry as
-- `annotations` (upright-image pixels). Replaced answers stay, flagged, for undo.
CREATE TABLE team_answers (
  id             INTEGER PRIMARY KEY,
  content_sha256 TEXT    NOT NULL,
  assignment_id  TEXT    NOT NULL,
  annotator      TEXT    NOT NULL,
  image_id       INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  class_id       INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  kind           TEXT    NOT NULL CHECK (kind IN ('tag', 'box', 'polygon', 'mask', 'point')),
  geometry       TEXT,
  mask           BLOB,
  answered_at    INTEGER NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

CREATE INDEX team_answers_image ON team_answers (image_id) WHERE deleted = 0;

-- How an image answered by annotators stands: one answer (single), all agree (agreed), a majority
-- of three or more (majority), waiting for a person (review), or decided by one (reviewed).
CREATE TABLE team_image_state (
  image_id   INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  state      TEXT    NOT NULL CHECK (state IN ('single', 'agreed', 'majority', 'review', 'reviewed')),
  updated_at INTEGER NOT NULL
) STRICT;

-- Review decisions on one annotator's answer for one image. A rejected image goes into that
-- annotator's next package with the comment (`packed` once it has). `undone`: the decision was undone.
CREATE TABLE team_reviews (
  id         INTEGER PRIMARY KEY,
  image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  annotator  TEXT    NOT NULL,
  decision   TEXT    NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  comment    TEXT,
  reviewer   TEXT,
  created_at INTEGER NOT NULL,
  packed     INTEGER NOT NULL DEFAULT 0 CHECK (packed IN (0, 1)),
  undone     INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

-- The annotator's side: the manifest of the package this working folder was opened from (one row),
-- and which image of the folder is which image of the owner's dataset.
CREATE TABLE team_task (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  manifest  TEXT    NOT NULL,
  opened_at INTEGER NOT NULL
) STRICT;

CREATE TABLE team_task_images (
  path      TEXT    PRIMARY KEY,
  source_id INTEGER NOT NULL,
  sha256    TEXT    NOT NULL
) STRICT;
