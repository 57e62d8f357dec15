import { classesCommand } from './commands/classes.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { importUrlsCommand } from './commands/importUrls.js';
import { labelCommand } from './commands/label.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { statsCommand } from './commands/stats.js';
import { toErrorPayload } from '../services/dispatch.js';
import { type Command, isUserError } from './cliSupport.js';

/** Every command of `lightbox`, in the order `lightbox --help` lists them. */
export const commands: Command[] = [serveCommand, scanCommand, classesCommand, labelCommand, importCommand, importUrlsCommand, exportCommand, statsCommand];

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

/** Run the CLI; resolves to the exit status (0 ok, 1 user error, 2 internal error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    console.log(process.env.LIGHTBOX_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    console.error(`lightbox: unknown command "${name}". Run \`lightbox --help\` for the list.`);
    return 1;
  }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (isUserError(e)) {
      console.error(`lightbox ${name}: ${(e as Error).message}`);
      return 1;
    }
    // What the contract maps to a user error (a damaged store met mid-command, a full disk) is one too.
    const p = toErrorPayload(e);
    if (p.code !== 'INTERNAL') {
      console.error(`lightbox ${name}: ${p.message}`);
      return 1;
    }
    console.error(`lightbox ${name}: internal error: ${(e as Error)?.stack ?? e}`);
    console.error('This is a bug in Lightbox Studio; please report it with the lines above.');
    return 2;
  }
}
