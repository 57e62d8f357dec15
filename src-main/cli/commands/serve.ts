import path from 'node:path';
import fs from 'node:fs';
// serve is the one command that starts a transport: the web host, over the same session the contract runs on.
import type { DatasetInfo } from '../../api/datasets.js';
import { startWebHost } from '../../host/web/webHost.js';
import { Session } from '../../services/Session.js';
import { hostOf } from '../cliHost.js';
import { type Command, UsageError, parse, shown } from '../cliSupport.js';

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
    const cli = hostOf(session);
    let info: DatasetInfo;
    try {
      if (positionals[0]) {
        // The person opened this dataset to work on it, as in the app: it joins the recent list.
        info = await cli.call('datasets.open', { path: path.resolve(positionals[0]) }, { path: 'DATASET' });
        await cli.call('datasets.scan', {});
      } else {
        info = await cli.call('datasets.openSample', {});
      }
    } catch (e) {
      cli.close();
      throw e;
    }
    const host = await startWebHost(session, { port, rendererDir: rendererDir() });
    console.log(`Lightbox Studio is serving ${shown(info.root)}`);
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
    cli.close();
  },
};
