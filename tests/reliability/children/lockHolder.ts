// A second program holding the dataset's write lock: opens the store with the production code,
// begins an immediate transaction, writes a setting, says "locked", keeps the lock HOLD_MS, commits,
// says "released". argv: DATASET HOLD_MS
import { openStore } from '../../../src-main/store/openStore.js';

const [root, hold] = process.argv.slice(2);
const db = openStore(root!);
db.exec('BEGIN IMMEDIATE');
db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('heldBy', '"the other program"')`).run();
process.stdout.write('locked\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(hold));
db.exec('COMMIT');
db.close();
process.stdout.write('released\n');
