import path from 'node:path';
import fs from 'node:fs';
import { startWebHost } from '../../host/web/webHost.js';
import { startScan } from '../../services/datasetsService.js';
import { openSample } from '../../services/sampleDataset.js';
import { Session } from '../../services/Session.js';
import { type Command, UsageError, parse } from '../cliSupport.js';

const usage = 'lightbox serve [DATASET] [--port N]';

/** The built renderer: beside the bundled CLI in dist/, or LIGHTBOX_RENDERER_DIR. */
export function rendererDir(): string {
  const candidates = [process.env.LIGHTBOX_RENDERER_DIR, path.join(__dirname, '..', 'renderer'), path.join(process.cwd(), 'dist', 'renderer')];
  return candidates.find((c) => c && fs.existsSync(path.join(c, 'index.html'))) ?? path.join(process.cwd(), 'dist', 'renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  usage,
  summary: 'open a dataset in your browser (127.0.0.1 only); prints the address',
  async run(argv) {
    const { positionals, values } = parse(argv, { port: { type: 'string' } }, usage);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535.`);
    const session = new Session({ watch: true });
    if (positionals[0]) {
      session.open(path.resolve(positionals[0]));
      startScan(session);
    } else {
      await openSample(session);
    }
    const host = await startWebHost(session, { port, rendererDir: rendererDir() });
    console.log(`Lightbox Studio is serving ${session.dataset!.root}`);
    console.log(`Open ${host.url}`);
    console.log('Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Tests and tools that start `serve` can tie its life to theirs: it stops when its stdin closes.
      if (process.env.LIGHTBOX_EXIT_WITH_PARENT === '1') {
        process.stdin.on('end', stop).on('close', stop).resume();
      }
    });
    process.stdin.destroy();
    await host.close();
    session.close();
  },
};
