-- Issue 13. Apply-to-similar copies a redaction to the images of the same source; for DICOM the
-- source is the series (a burned-in banner sits in the same place on every image of a series,
-- wherever its files lie). A SeriesInstanceUID can identify a patient's study, so it is never
-- stored: `series_key` is an HMAC of it keyed by the dataset's de-identification secret
-- (deid_secret, 0140), enough to tell whether two images share a series and nothing more.
-- Filled when apply-to-similar first needs it; `sha256` and `mtime` are the image's when its
-- file was read, so a changed file is read again. `series_key` NULL: the file names no series.
CREATE TABLE image_series (
  image_id   INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  sha256     TEXT,
  mtime      INTEGER,
  series_key TEXT
) STRICT;
