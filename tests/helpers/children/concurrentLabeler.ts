// A second program on the same dataset: opens it through the production Session and labels a list
// of images with one class, one `labels.set` (one write transaction) per image, as fast as it can.
// argv: DATASET HOME CLASS_ID IMAGE_ID... ; waits for "go" on IPC so both writers start together.
import { dispatch } from '../../../src-main/services/dispatch.js';
import { Session } from '../../../src-main/services/Session.js';

const [root, home, classArg, ...idArgs] = process.argv.slice(2);
const classId = Number(classArg);
const ids = idArgs.map(Number);

async function main(): Promise<void> {
  const s = new Session({}, home!);
  await dispatch(s, 'datasets.open', { path: root });
  process.send!('ready');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  let n = 0;
  for (const imageId of ids) {
    await dispatch(s, 'labels.set', { imageId, classId });
    n++;
  }
  s.close();
  process.stdout.write(`done ${n}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
