/**
 * SOP classes that carry no picture a person labels, with the name the user is told
 * ("has no image (it is a structured report)"). An entry covers its UID and every UID under it (`88` covers `88.11`, `88.22`, ...).
 */
const NON_IMAGE: [prefix: string, name: string][] = [
  ['1.2.840.10008.5.1.4.1.1.88', 'a structured report'],
  ['1.2.840.10008.5.1.4.1.1.66.4', 'a segmentation'],
  ['1.2.840.10008.5.1.4.1.1.66.5', 'a surface segmentation'],
  ['1.2.840.10008.5.1.4.1.1.66', 'a registration or raw data object'],
  ['1.2.840.10008.5.1.4.1.1.481.3', 'an RT structure set'],
  ['1.2.840.10008.5.1.4.1.1.481.5', 'an RT plan'],
  ['1.2.840.10008.5.1.4.1.1.481.8', 'an RT ion plan'],
  ['1.2.840.10008.5.1.4.1.1.481.4', 'an RT treatment record'],
  ['1.2.840.10008.5.1.4.1.1.481.6', 'an RT brachy treatment record'],
  ['1.2.840.10008.5.1.4.1.1.481.7', 'an RT treatment summary record'],
  ['1.2.840.10008.5.1.4.1.1.481.9', 'an RT ion treatment record'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'an encapsulated PDF'],
  ['1.2.840.10008.5.1.4.1.1.104.2', 'an encapsulated CDA document'],
  ['1.2.840.10008.5.1.4.1.1.104', 'an encapsulated document'],
  ['1.2.840.10008.5.1.4.1.1.11', 'a presentation state'],
  ['1.2.840.10008.5.1.4.1.1.9', 'a waveform'],
  ['1.2.840.10008.5.1.4.1.1.78', 'an ophthalmic measurement'],
];

/** For a data set with no image: what it is, from its SOP class, else its modality. */
export function nonImageName(sopClassUid: string | null, modality: string | null): string {
  if (sopClassUid) {
    for (const [prefix, name] of NON_IMAGE) if (under(sopClassUid, prefix)) return name;
  }
  const MODALITY_NAMES: Record<string, string> = { SR: 'a structured report', SEG: 'a segmentation', RTSTRUCT: 'an RT structure set', RTPLAN: 'an RT plan', PR: 'a presentation state', KO: 'a key object selection', DOC: 'a document' };
  // Modality codes are read letter by letter ("an MR", "a CT"), so the article follows the letter's name.
  if (modality) return MODALITY_NAMES[modality] ?? `${/^[AEFHILMNORSX]/.test(modality) ? 'an' : 'a'} ${modality} object without pixel data`;
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
