import type { FaceProposalSummary } from '../../api/privacy.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';
import { imagesChoice } from './predict.js';

const usage = 'lightbox redact-faces DATASET [--images all|unlabeled|split:train|split:val|split:test] [--min-score S] [--accept-all]';
const MAX_LISTED = 20;

export const redactFacesCommand: Command = {
  name: 'redact-faces',
  usage,
  summary: 'propose a redaction box on every face (offline detector); review them, or accept all',
  help: [
    'Faces are looked for with the detector that ships with Lightbox (nothing is downloaded) and proposed as boxes of the redaction class "face".',
    'Nothing is hidden until the boxes are accepted: press Y (accept) or X (reject) in the workspace, or pass --accept-all.',
    'Accepted boxes are filled in every export. The detector misses small (under about 20 px), profile, turned-away and covered faces: look before you trust it.',
    '--min-score S: 0.1-1 (default 0.5). Images already looked at are skipped, so an interrupted run carries on.',
  ],
  async run(argv) {
    const { positionals, values } = parse(argv, { images: { type: 'string' }, 'min-score': { type: 'string' }, 'accept-all': { type: 'boolean' } }, usage);
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const images = imagesChoice(values.images, 'all', usage);
    const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
    if (minScore !== undefined && !(minScore >= 0.1 && minScore <= 1)) throw new UsageError(usageLine(`--min-score is a number from 0.1 to 1, not "${shown(values['min-score']!)}"`, usage));
    const { host } = await openHost(dataset);
    try {
      const s = await host.runJob<FaceProposalSummary>('Looking for faces', () =>
        host.call('privacy.proposeFaces', { images, ...(minScore !== undefined ? { minScore } : {}) }, { images: '--images', minScore: '--min-score' }),
      );
      console.log(
        `${s.looked} images looked at, ${s.faces} faces proposed as "${shown(s.className)}" redactions` +
          (s.skipped > 0 ? `, ${s.skipped} skipped (looked at before)` : '') +
          (s.failedCount > 0 ? `, ${s.failedCount} could not be looked at` : ''),
      );
      for (const f of s.failed.slice(0, MAX_LISTED)) console.log(`  ${shown(f.path)}: ${shown(f.reason)}`);
      if (s.failedCount > MAX_LISTED) console.log(`  ... and ${s.failedCount - MAX_LISTED} more`);
      if (values['accept-all']) {
        const r = await host.call('suggestions.accept', { classId: s.classId, kind: 'box' });
        console.log(`${r.accepted} face boxes accepted: they are filled in every export.`);
      } else {
        console.log('Nothing is hidden yet: review them in the app (Y accepts, X rejects), or run again with --accept-all.');
      }
      console.log('The detector misses small, profile, turned-away and covered faces: check the images yourself.');
    } finally {
      host.close();
    }
  },
};
