import type { ExportFormat, ExportPrivacy } from '../api/exports.js';

/**
 * PRIVACY.txt: what an export removed, what it kept on request, and which file names look like
 * they identify someone — written for the person who hands the export on (or approves it).
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function privacyReportText(p: ExportPrivacy, info: { format: ExportFormat; exported: number; exportedAt: Date }): string {
  const lines: string[] = [];
  lines.push('Lightbox Studio export: privacy report');
  lines.push(`Exported ${info.exportedAt.toISOString()}, format ${info.format}, ${plural(info.exported, 'image')}.`);
  lines.push('');
  lines.push('Metadata');
  if (p.metadataStripped) {
    lines.push(`  Removed from every image: EXIF (with GPS and maker notes), XMP, IPTC and ICC profiles.`);
    lines.push(`  Images that had EXIF: ${p.withExif}; of them with a GPS location: ${p.withGps}.`);
  } else {
    lines.push('  KEPT ON REQUEST (--keep-metadata): the images carry their original metadata.');
    lines.push(`  Images with EXIF: ${p.withExif}; of them with a GPS location: ${p.withGps}.`);
  }
  if (p.redactedImages) {
    const how = p.redactMode === 'blur' ? 'blurred beyond recognition' : 'filled with black';
    lines.push(`  Pixels: redaction regions were ${how} in ${plural(p.redactedImages, 'image')}, before any resize, so nothing of them shows at their edges.`);
    lines.push('  Nothing else burned into the pixels (text, faces) was removed: check images without redaction regions.');
  } else {
    lines.push('  Pixels: images were re-encoded; nothing burned into the pixels (text, faces) was removed (no redaction regions).');
  }
  lines.push('');
  if (p.dicom) {
    const d = p.dicom;
    lines.push('DICOM de-identification');
    lines.push('  Profile: DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile.');
    lines.push(`  Files de-identified: ${d.files}; refused because a step failed (not written, listed in the summary): ${d.refused}.`);
    lines.push('  Every file: PatientIdentityRemoved YES, DeidentificationMethod and its code sequence (113100) filled, new SOP Instance UID in data set and file header.');
    lines.push(`  Private elements removed: ${d.privateRemoved} (every private group, in sequences too).`);
    lines.push(
      d.dates === 'shift'
        ? '  Dates: shifted back by a per-patient number of days (the same in every export of this dataset); times kept (code 113107).'
        : '  Dates and times: removed (--dates remove).',
    );
    const list = (name: string, keys: readonly string[]) => lines.push(`  ${name} (${keys.length}): ${keys.length ? keys.join(', ') : 'none present'}`);
    list('X removed', d.actions.X);
    list('Z emptied', d.actions.Z);
    list('D replaced by a dummy value (dates: shifted)', d.actions.D);
    list('U replaced by a new UID (2.25..., the same for the same original in every export of this dataset)', d.actions.U);
    if (d.decompressed > 0) lines.push(`  ${plural(d.decompressed, 'file')} had compressed pixels decoded to redact them and were written explicit VR little endian.`);
    if (d.paletteToRgb > 0) {
      lines.push(`  ${plural(d.paletteToRgb, 'file')} had palette-colour pixels written as RGB to redact them (their palette has no black entry, or the redaction was blurred); the colours are those the palette showed.`);
    }
    lines.push('');
  }
  lines.push('File names');
  if (p.anonymousNames) {
    lines.push('  Renamed to neutral ids (img-000001...) on request (--anonymous-names).');
    if (p.mappingFile) lines.push(`  The mapping to the original names stays in the dataset: ${p.mappingFile} (not in this export).`);
  } else if (p.flaggedNames === 0) {
    lines.push('  No file name looks like it contains a person\'s name or an id.');
  } else {
    lines.push(`  ${plural(p.flaggedNames, 'file name')} may identify a person (a long digit run or a listed name):`);
    for (const f of p.flagged) lines.push(`    ${f.path}: ${f.reason}`);
    if (p.flaggedNames > p.flagged.length) lines.push(`    ... and ${p.flaggedNames - p.flagged.length} more`);
    lines.push('  Export again with --anonymous-names to name the images img-000001... instead.');
  }
  return `${lines.join('\n')}\n`;
}

/** The one line the CLI prints about it. */
export function privacySummaryLine(p: ExportPrivacy): string {
  const meta = p.metadataStripped
    ? `metadata removed from ${plural(p.withExif, 'image')} (EXIF ${p.withExif}, GPS ${p.withGps})`
    : `metadata KEPT on request (EXIF ${p.withExif}, GPS ${p.withGps})`;
  const names = p.anonymousNames
    ? '; names replaced by neutral ids'
    : p.flaggedNames > 0
      ? `; ${plural(p.flaggedNames, 'file name')} may identify a person`
      : '';
  const redacted = p.redactedImages ? `; redactions ${p.redactMode === 'blur' ? 'blurred' : 'filled'} in ${plural(p.redactedImages, 'image')}` : '';
  const dicom = p.dicom ? `; DICOM de-identified (Basic Profile): ${plural(p.dicom.files, 'file')}${p.dicom.refused ? `, ${p.dicom.refused} REFUSED (not written)` : ''}` : '';
  return `Privacy: ${meta}${names}${redacted}${dicom}; see PRIVACY.txt`;
}
