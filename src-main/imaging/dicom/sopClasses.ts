/**
 * SOP classes that carry no picture a person labels, with the name the user is told
 * ("has no image (it is a structured report)"). An entry covers its UID and every UID under it (`88` covers `88.11`, `88.22`, ...).
 */
const NON_IMAGE: [prefix: string, name: string][] = [
  ['1.2.840.10008.5.1.4.1.1.88', 'structured report'],
  ['1.2.840.10008.5.1.4.1.1.66.4', 'segmentation'],
  ['1.2.840.10008.5.1.4.1.1.66.5', 'surface segmentation'],
  ['1.2.840.10008.5.1.4.1.1.66', 'registration or raw data object'],
  ['1.2.840.10008.5.1.4.1.1.481.3', 'RT structure set'],
  ['1.2.840.10008.5.1.4.1.1.481.5', 'RT plan'],
  ['1.2.840.10008.5.1.4.1.1.481.8', 'RT ion plan'],
  ['1.2.840.10008.5.1.4.1.1.481.4', 'RT treatment record'],
  ['1.2.840.10008.5.1.4.1.1.481.6', 'RT brachy treatment record'],
  ['1.2.840.10008.5.1.4.1.1.481.7', 'RT treatment summary record'],
  ['1.2.840.10008.5.1.4.1.1.481.9', 'RT ion treatment record'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'encapsulated PDF'],
  ['1.2.840.10008.5.1.4.1.1.104.2', 'encapsulated CDA document'],
  ['1.2.840.10008.5.1.4.1.1.104', 'encapsulated document'],
  ['1.2.840.10008.5.1.4.1.1.11', 'presentation state'],
  ['1.2.840.10008.5.1.4.1.1.9', 'waveform'],
  ['1.2.840.10008.5.1.4.1.1.78', 'ophthalmic measurement'],
];

/** For a data set with no image: what it is, from its SOP class, else its modality. */
export function nonImageName(sopClassUid: string | null, modality: string | null): string {
  if (sopClassUid) {
    for (const [prefix, name] of NON_IMAGE) if (under(sopClassUid, prefix)) return `a ${name}`;
  }
  const MODALITY_NAMES: Record<string, string> = { SR: 'a structured report', SEG: 'a segmentation', RTSTRUCT: 'an RT structure set', RTPLAN: 'an RT plan', PR: 'a presentation state', KO: 'a key object selection', DOC: 'a document' };
  if (modality) return MODALITY_NAMES[modality] ?? `a ${modality} object without pixel data`;
  return 'an object without pixel data';
}

/** SOP classes whose pixel data is not a picture to label (a SEG's pixels are its binary masks). */
export function isNonImageSopClass(sopClassUid: string | null): boolean {
  if (!sopClassUid) return false;
  return NON_IMAGE.some(([prefix]) => under(sopClassUid, prefix));
}

function under(uid: string, root: string): boolean {
  return uid === root || uid.startsWith(`${root}.`);
}
