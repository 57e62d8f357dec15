-- Medical images (issue 10).
-- `frame`: the 1-based frame of a multi-frame DICOM file that this row is, or NULL for a file that
-- is one image. A frame row's `path` is its file's path plus `#N` (`series/IM0001#2`), so `path`
-- stays unique and a person can read and type it; the file of a row is its path with that suffix
-- removed, and only when `frame` is set, so a file really named `a#2.png` is never misread.
ALTER TABLE images ADD COLUMN frame INTEGER CHECK (frame IS NULL OR frame >= 1);

-- What a DICOM (or a 16-bit image) says about its values and geometry, one row per image row.
-- Patient fields are deliberately not kept here. rescale_*: the Modality LUT (value = stored *
-- slope + intercept; CT in HU); window_*: the file's first VOI window, in modality values;
-- spacing_row/col: mm between rows / columns; spacing_source: the tag it came from
-- (ImagerPixelSpacing is at the detector, not the patient).
CREATE TABLE image_meta (
  image_id          INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  modality          TEXT,
  photometric       TEXT,
  bits_stored       INTEGER,
  rescale_slope     REAL,
  rescale_intercept REAL,
  rescale_type      TEXT,
  window_center     REAL,
  window_width      REAL,
  spacing_row       REAL,
  spacing_col       REAL,
  spacing_source    TEXT CHECK (spacing_source IN ('PixelSpacing', 'ImagerPixelSpacing')),
  series_number     INTEGER,
  instance_number   INTEGER,
  series_description TEXT,
  frames            INTEGER
) STRICT;
