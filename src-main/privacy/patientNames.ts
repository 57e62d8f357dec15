import fs from 'node:fs';
import { readDicomInfo } from '../imaging/dicom/index.js';
import { readDicomBytes } from '../imaging/dicomFile.js';

/**
 * The DICOM PatientName of each file, read at export time for the name check of PRIVACY.txt (a
 * file named after its patient is flagged). Names are held only while the export runs: the store
 * never keeps them. The header is read from the first 256 KB; when that does not parse (a long
 * attribute runs past it), from the whole file, within the limit of every DICOM read. A file that
 * cannot be read gives none: the export lists it as unreadable.
 */
const PREFIX = 256 * 1024;

export async function patientNames(files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const file of files) {
    let handle: fs.promises.FileHandle | null = null;
    try {
      handle = await fs.promises.open(file, 'r');
      const size = (await handle.stat()).size;
      const buf = Buffer.alloc(Math.min(size, PREFIX));
      await handle.read(buf, 0, buf.length, 0);
      let name: string | null;
      try {
        name = readDicomInfo(buf, { fileSize: size }).patient.name;
      } catch {
        name = size > PREFIX ? readDicomInfo(await readDicomBytes(file), { fileSize: size }).patient.name : null;
      }
      // "DOE^JANE^^^" is the name Jane Doe: the check matches its words in any order.
      const shown = name?.replace(/[\^=]+/g, ' ').trim();
      if (shown) names.add(shown);
    } catch {
      // Unreadable here means unreadable for the export too: it is listed there.
    } finally {
      await handle?.close();
    }
  }
  return [...names];
}
