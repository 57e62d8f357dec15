-- The status model of issue 15: in single-label mode, labeling an image makes it done. Stores
-- written before kept labeled images "todo" (Stats showed "14 of 36 labeled" next to "Done 0"), so
-- a readable image with a live tag and status todo becomes done, when the dataset is in single-label
-- mode (the labelMode setting, JSON text, absent meaning single). Multi-label datasets keep their
-- statuses: there the user says when an image is done. Unreadable files lose a split they were
-- given (they are never exported, so they must not count in a split).
UPDATE images SET status = 'done'
WHERE status = 'todo' AND missing = 0 AND error IS NULL
  AND COALESCE((SELECT value FROM settings WHERE key = 'labelMode'), '"single"') = '"single"'
  AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = images.id AND a.kind = 'tag' AND a.deleted = 0);

UPDATE images SET split = NULL WHERE error IS NOT NULL AND split IS NOT NULL;
