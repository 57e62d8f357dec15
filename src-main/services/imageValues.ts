import type { ImageValues } from '../api/images.js';
import { LightboxError } from '../api/errors.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { dicomValuesOffThread } from '../imaging/dicomThread.js';
import { readModalityValues } from '../imaging/modalityValues.js';
import { renderOf } from '../imaging/thumbnails.js';
import { imageSource } from '../store/imageStateRepo.js';
import { getImage } from '../store/imagesRepo.js';
import { readDicomHeader } from '../privacy/dicomHeader.js';
import type { Session } from './Session.js';
import { preferences } from './settingsService.js';

/** The unit of a grey medical image's values: HU for CT (or what RescaleType names), else none. */
export function unitsOf(medical: { modality: string | null; rescaleType: string | null } | undefined): string | null {
  const type = medical?.rescaleType?.trim();
  if (type && type !== 'US') return type; // US: "unspecified"
  return medical?.modality === 'CT' ? 'HU' : null;
}

/** `images.patient`: read from the DICOM file each time it is shown, only while the user's preference shows patient data. */
export async function patientOfImage(s: Session, id: number): Promise<{ name: string | null; id: string | null; birthDate: string | null }> {
  if (!preferences(s).showPatientData) {
    throw new LightboxError('CONFLICT', 'Patient data are hidden: turn on "Show patient data" in Settings to see them.');
  }
  const { db, root } = s.require();
  const row = imageSource(db, id);
  if (!row) throw new LightboxError('NOT_FOUND', `There is no image ${id} in this dataset.`);
  if (renderOf(row) !== 'dicom') throw new LightboxError('BAD_PARAMS', 'This image is not a DICOM file: it has no patient data.');
  let patient;
  try {
    ({ patient } = await readDicomHeader(resolveInside(root, fileOfRow(row.path, row.frame))));
  } catch (e) {
    throw new LightboxError('UNREADABLE', `The patient data of this image cannot be read: ${(e as Error).message}`);
  }
  // "DOE^JANE" is written Doe Jane: the name's parts with spaces.
  const name = patient.name?.replace(/[\^=]+/g, ' ').trim() || null;
  return { name, id: patient.id?.trim() || null, birthDate: patient.birthDate?.trim() || null };
}

/** `images.values`: an image's modality values, as little-endian bytes (binary on either transport). */
export async function valuesOfImage(s: Session, id: number): Promise<ImageValues> {
  const { db, root } = s.require();
  const row = imageSource(db, id);
  if (!row) throw new LightboxError('NOT_FOUND', `There is no image ${id} in this dataset.`);
  if (row.error) throw new LightboxError('UNREADABLE', `This image cannot be read: ${row.error}.`);
  const file = resolveInside(root, fileOfRow(row.path, row.frame));
  const render = renderOf(row);
  // A DICOM frame is decoded on the values thread (WebAssembly codecs, inflate), off the event loop.
  const v = render === 'dicom' ? await dicomValuesOffThread(file, row.frame) : await readModalityValues(file, render, row.frame);
  // A view of exactly the values: a clone over IPC copies a view's whole buffer.
  const whole = v.data.byteOffset === 0 && v.data.byteLength === v.data.buffer.byteLength;
  const bytes = new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  return {
    width: v.width,
    height: v.height,
    type: v.type,
    data: whole ? bytes : bytes.slice(),
    min: v.min,
    max: v.max,
    invert: v.invert,
    units: unitsOf(getImage(db, id).medical),
    autoWindow: v.autoWindow,
  };
}
