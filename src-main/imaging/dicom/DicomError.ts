/** A DICOM file Lightbox cannot show; the message is the reason listed among the unreadable files. */
export class DicomError extends Error {
  override name = 'DicomError';
}
