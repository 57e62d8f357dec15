import { readDicomHeader } from './dicomHeader.js';

/**
 * The DICOM PatientName of each file, read at export time for the name check of PRIVACY.txt (a
 * file named after its patient is flagged). Names are held only while the export runs: the store
 * never keeps them. A file that cannot be read gives none: the export lists it as unreadable.
 */
export async function patientNames(files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const file of files) {
    try {
      const name = (await readDicomHeader(file)).patient.name;
      // "DOE^JANE^^^" is the name Jane Doe: the check matches its words in any order.
      const shown = name?.replace(/[\^=]+/g, ' ').trim();
      if (shown) names.add(shown);
    } catch {
      // Unreadable here means unreadable for the export too: it is listed there.
    }
  }
  return [...names];
}
