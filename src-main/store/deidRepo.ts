import crypto from 'node:crypto';
import { type Db, writeTx } from './openStore.js';

/**
 * The dataset's de-identification secret (table `deid_secret`, migration 0140): made once, on the
 * first de-identified export (or the first series key, migration 0170), and read by every later
 * use so UIDs, date offsets and series keys map the same way.
 */
export function deidSecret(db: Db): Buffer {
  const read = () => (db.prepare('SELECT secret FROM deid_secret WHERE id = 1').get() as { secret: Buffer } | undefined)?.secret;
  const have = read();
  if (have) return Buffer.from(have);
  return writeTx(db, () => {
    // Another process (the app and the CLI) may have made it meanwhile: keep the first one.
    db.prepare('INSERT OR IGNORE INTO deid_secret (id, secret, created_at) VALUES (1, ?, ?)').run(crypto.randomBytes(32), Date.now());
    return Buffer.from(read()!);
  });
}
