import { addClass, listClasses } from '../../store/classesRepo.js';
import { type Command, UsageError, openForCli, parse, requireArg, usageLine } from '../cliSupport.js';

const usage = 'lightbox classes DATASET [list | add NAME [--key K] [--color #RRGGBB]]';

export const classesCommand: Command = {
  name: 'classes',
  usage,
  summary: 'list or add classes',
  async run(argv) {
    const { positionals, values } = parse(argv, { key: { type: 'string' }, color: { type: 'string' } }, usage);
    const [dataset, action = 'list', name] = positionals;
    const session = openForCli(requireArg(dataset, 'DATASET', usage));
    try {
      const db = session.require().db;
      if (action === 'list') {
        for (const c of listClasses(db)) console.log(`${c.hotkey ?? ' '}  ${c.color}  ${c.name}  (${c.count})`);
        return;
      }
      if (action !== 'add') throw new UsageError(usageLine(`Unknown action "${action}"`, usage));
      const n = requireArg(name?.trim(), 'NAME', usage);
      if (values.key !== undefined && !/^[1-9]$/.test(values.key)) throw new UsageError('--key must be a digit from 1 to 9.');
      if (values.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(values.color)) throw new UsageError('--color must look like #1f77b4.');
      const c = addClass(db, { name: n, color: values.color, hotkey: values.key });
      console.log(`Added class "${c.name}"${c.hotkey ? ` (key ${c.hotkey})` : ''}.`);
    } finally {
      session.close();
    }
  },
};
