import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';

const usage = 'lightbox classes DATASET [list | add NAME [--key K] [--color #RRGGBB] [--redact]]';

export const classesCommand: Command = {
  name: 'classes',
  usage,
  summary: 'list or add classes',
  help: ['NAME: at most 200 characters, no control characters. K: a digit from 1 to 9 (the class\'s key while labeling).'],
  async run(argv) {
    const { positionals, values } = parse(argv, { key: { type: 'string' }, color: { type: 'string' }, redact: { type: 'boolean' } }, usage);
    const [dataset, action = 'list', name, extra] = positionals;
    if (action !== 'list' && action !== 'add') throw new UsageError(usageLine(`Unknown action "${action}"`, usage));
    if (extra !== undefined) throw new UsageError(usageLine(`Unexpected argument "${extra}" (quote a NAME with spaces)`, usage));
    const { host } = await openHost(requireArg(dataset, 'DATASET', usage));
    try {
      if (action === 'list') {
        for (const c of await host.call('classes.list', {})) console.log(`${c.hotkey ?? ' '}  ${c.color}  ${shown(c.name)}  (${c.images} images, ${c.regions} regions)${c.redact ? '  redact' : ''}`);
        return;
      }
      // The contract decides what a name may be (length, no control characters), as it does for the app.
      const c = await host.call(
        'classes.add',
        { name: requireArg(name, 'NAME', usage), color: values.color, hotkey: values.key, ...(values.redact ? { redact: true } : {}) },
        { name: 'NAME', color: '--color', hotkey: '--key', redact: '--redact' },
      );
      console.log(`Added ${c.redact ? 'redaction ' : ''}class "${shown(c.name)}"${c.hotkey ? ` (key ${c.hotkey})` : ''}.`);
    } finally {
      host.close();
    }
  },
};
