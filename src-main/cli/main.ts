import { agreementCommand } from './commands/agreement.js';
import { classesCommand } from './commands/classes.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { importUrlsCommand } from './commands/importUrls.js';
import { labelCommand } from './commands/label.js';
import { packageCommand } from './commands/package.js';
import { reviewCommand } from './commands/review.js';
import { predictCommand } from './commands/predict.js';
import { redactFacesCommand } from './commands/redactFaces.js';
import { scanCommand } from './commands/scan.js';
import { segmentCommand } from './commands/segment.js';
import { serveCommand } from './commands/serve.js';
import { statsCommand } from './commands/stats.js';
import { measurementsCommand } from './commands/measurements.js';
import { suggestionsCommand } from './commands/suggestions.js';
import { printable } from '../api/printable.js';
import { type Command, isUserError } from './cliSupport.js';
import { closest } from './suggest.js';

/** Every command of `lightbox`, in the order `lightbox --help` lists them. */
export const commands: Command[] = [serveCommand, scanCommand, classesCommand, labelCommand, segmentCommand, importCommand, importUrlsCommand, exportCommand, statsCommand, measurementsCommand, predictCommand, suggestionsCommand, redactFacesCommand, packageCommand, reviewCommand, agreementCommand];

function help(): string {
  return [
    'Lightbox Studio: build labeled image datasets offline.',
    '',
    'Usage:',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Exit status: 0 success, 1 a problem you can fix (the message says what to do), 2 an internal error.',
  ].join('\n');
}

/** Longest message printed for a user error: enough for a usage line, never a screenful. */
const MAX_MESSAGE = 1000;

/** `--help` or `-h` among the options (not after `--`, where it would be a name). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function commandHelp(cmd: Command): string {
  return [`Usage: ${cmd.usage}`, '', `${cmd.summary[0]!.toUpperCase()}${cmd.summary.slice(1)}.`, ...(cmd.help ?? [])].join('\n');
}

/** The command called `name`, or undefined after saying on stderr that there is none (with the nearest name, for a typo). */
function findCommand(name: string): Command | undefined {
  const cmd = commands.find((c) => c.name === name);
  if (cmd) return cmd;
  const near = closest(name, commands.map((c) => c.name));
  const hint = near ? ` Did you mean \`lightbox ${near}\`?` : '';
  console.error(`lightbox: unknown command "${printable(name, 100)}".${hint} Run \`lightbox --help\` for the list.`);
  return undefined;
}

/** Run the CLI; resolves to the exit status (0 ok, 1 user error, 2 internal error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined) {
    // `lightbox help export` is `lightbox export --help`.
    const cmd = findCommand(rest[0]);
    if (!cmd) return 1;
    console.log(commandHelp(cmd));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    console.log(process.env.LIGHTBOX_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd = findCommand(name);
  if (!cmd) return 1;
  if (wantsHelp(rest)) {
    console.log(commandHelp(cmd));
    return 0;
  }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (isUserError(e)) {
      // One line, whatever a message quotes (a file name, what was typed): controls and newlines made visible.
      console.error(`lightbox ${name}: ${printable((e as Error).message, MAX_MESSAGE)}`);
      return 1;
    }
    // A stack is lines by nature; each is still shown safely (a message may quote a file name).
    const report = String((e as Error)?.stack ?? e).split('\n').map((l) => printable(l, MAX_MESSAGE));
    console.error(`lightbox ${name}: internal error: ${report.join('\n')}`);
    console.error('This is a bug in Lightbox Studio; please report it with the lines above.');
    return 2;
  }
}
