/**
 * Addressing of the frames of a multi-frame file (a DICOM cine or a tomosynthesis stack): each
 * frame is its own row of `images`, with `frame` set (1-based) and the path `FILE#N`. The suffix
 * keeps `path` unique (the scan, the CLI and the library search all key on it) and readable
 * (`lightbox label DS series/IM0001#2 --class C`); the `frame` column is what says a row is a
 * frame, so the file behind a row is found without guessing at a `#` in a real file name.
 */

export function framePath(fileRel: string, frame: number): string {
  return `${fileRel}#${frame}`;
}

/** The dataset-relative path of the file a row's image is in. */
export function fileOfRow(rowPath: string, frame: number | null | undefined): string {
  if (frame === null || frame === undefined) return rowPath;
  const suffix = `#${frame}`;
  return rowPath.endsWith(suffix) ? rowPath.slice(0, -suffix.length) : rowPath;
}
