import { printableJson } from '../../api/printable.js';
import { openHost } from '../cliHost.js';
import { type Command, parse, requireArg, shown } from '../cliSupport.js';

const usage = 'lightbox agreement DATASET [--json]';

const fmt = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

export const agreementCommand: Command = {
  name: 'agreement',
  usage,
  summary: "agreement between annotators: Cohen's and Fleiss' kappa, region IoU and Dice, gold and review accuracy, throughput",
  async run(argv) {
    const { positionals, values } = parse(argv, { json: { type: 'boolean' } }, usage);
    const { host } = await openHost(requireArg(positionals[0], 'DATASET', usage));
    try {
      const r = await host.call('packages.agreement', {});
      if (values.json) {
        console.log(printableJson(r));
        return;
      }
      const lines = [
        `annotators  ${r.annotators.map(shown).join(', ') || 'none yet (merge results with `lightbox package merge`)'}`,
        `shared      ${r.sharedImages} images answered by two or more`,
        `Fleiss κ    ${fmt(r.fleissKappa)}`,
        `images      ${r.states.single} one answer, ${r.states.agreed} agreed, ${r.states.majority} by majority, ${r.states.review} to review, ${r.states.reviewed} reviewed`,
        'pairs       Cohen κ, mean IoU, mean Dice (regions matched by IoU)',
        ...r.pairs.map((p) => `  ${shown(p.a)} / ${shown(p.b)}: ${p.images} images, κ ${fmt(p.kappa)}, IoU ${fmt(p.meanIou)}, Dice ${fmt(p.meanDice)}`),
        ...r.pairs.flatMap((p) => p.perClass.map((c) => `    ${shown(c.className)}: ${c.slots} regions, IoU ${fmt(c.meanIou)}, Dice ${fmt(c.meanDice)}`)),
        'gold        correct of gold images answered',
        ...r.gold.map((g) => `  ${shown(g.annotator)}: ${g.correct} of ${g.images} (${fmt(g.accuracy === null ? null : g.accuracy * 100, 0)}%)`),
        'reviewed    agreeing with the answers accepted in review (a rejected answer counts as wrong)',
        ...r.reviewed.map((g) => `  ${shown(g.annotator)}: ${g.correct} of ${g.images} (${fmt(g.accuracy === null ? null : g.accuracy * 100, 0)}%)`),
        'throughput  images per hour of active time',
        ...r.throughput.map((t) => `  ${shown(t.annotator)}: ${t.images} images in ${fmt(t.activeHours, 2)} h, ${fmt(t.perHour, 0)} per hour`),
      ];
      console.log(lines.join('\n'));
    } finally {
      host.close();
    }
  },
};
