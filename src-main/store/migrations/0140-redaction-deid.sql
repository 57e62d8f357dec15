-- Issue 13. A class flagged `redact` holds redaction regions: their pixels are filled (or blurred)
-- in every exported image and they are never written as labels.
ALTER TABLE classes ADD COLUMN redact INTEGER NOT NULL DEFAULT 0 CHECK (redact IN (0, 1));

-- The dataset's secret for de-identified DICOM exports: the key of the HMAC that maps original
-- UIDs to new ones and PatientIDs to date offsets, so every export of this dataset maps the same
-- way. One row, made on the first DICOM export; it never leaves the store (not a setting, which
-- the renderer may read and write).
CREATE TABLE deid_secret (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  secret     BLOB    NOT NULL CHECK (length(secret) = 32),
  created_at INTEGER NOT NULL
) STRICT;
