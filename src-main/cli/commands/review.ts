import { printableJson } from '../../api/printable.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';

const usage = 'lightbox review DATASET [--annotator NAME] [--sample N%] [--seed N] [--json] | accept IMAGE_PATH --annotator NAME | reject IMAGE_PATH --annotator NAME --comment TEXT';

export const reviewCommand: Command = {
  name: 'review',
  usage,
  summary: "review annotators' answers: list disagreements, flagged and sampled images; accept one answer or reject it with a comment",
  help: [
    'Without accept/reject: list the queue (disagreements; --annotator adds all of theirs; --sample N% draws from each annotator).',
    'accept: the image takes that annotator\'s answer. reject: the answer is set aside and the image goes into their next package with the comment.',
    'Each decision is one undoable command.',
  ],
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      { annotator: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string' }, comment: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const action = positionals[1];
    if (action !== undefined && action !== 'accept' && action !== 'reject') throw new UsageError(usageLine(`Unknown review action "${shown(action)}"`, usage));
    const { host } = await openHost(dataset);
    try {
      if (action === undefined) {
        const sample = values.sample === undefined ? undefined : Number(values.sample.replace(/%$/, ''));
        if (sample !== undefined && !(sample >= 0 && sample <= 100)) throw new UsageError(usageLine(`--sample takes a share from 0% to 100%, not "${values.sample}"`, usage));
        const queue = await host.call(
          'packages.reviewQueue',
          { annotator: values.annotator, samplePercent: sample, seed: values.seed === undefined ? undefined : Number(values.seed) },
          { annotator: '--annotator', samplePercent: '--sample', seed: '--seed' },
        );
        if (values.json) {
          console.log(printableJson(queue));
          return;
        }
        if (queue.length === 0) console.log('Nothing to review.');
        for (const q of queue) {
          const answers = q.answers.map((a) => `${shown(a.annotator)}: ${a.tags.map(shown).join('+') || '(none)'}${a.regions > 0 ? ` +${a.regions} regions` : ''}`);
          console.log(`${shown(q.path)} (${q.reason}) ${answers.join('; ')}`);
        }
        return;
      }
      const ref = requireArg(positionals[2], 'IMAGE_PATH', usage);
      const annotator = requireArg(values.annotator, '--annotator NAME', usage);
      if (action === 'reject' && !values.comment) throw new UsageError(usageLine('Missing --comment TEXT: say what to fix, it goes back with the image', usage));
      const image = await host.call('images.byPath', { path: ref.split('\\').join('/') }, { path: 'IMAGE_PATH' });
      if (!image) throw new UsageError(`There is no image ${shown(ref)} in this dataset: give its path relative to the dataset folder.`);
      const r = await host.call(
        'packages.review',
        { imageId: image.id, annotator, decision: action === 'accept' ? 'accepted' : 'rejected', ...(values.comment ? { comment: values.comment } : {}) },
        { annotator: '--annotator', comment: '--comment' },
      );
      console.log(
        action === 'accept'
          ? `${shown(ref)}: took ${shown(r.annotator)}'s answer`
          : `${shown(ref)}: ${shown(r.annotator)}'s answer set aside (it goes into their next package); the image is now ${r.state ?? 'unanswered'}`,
      );
    } finally {
      host.close();
    }
  },
};
