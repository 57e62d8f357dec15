import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { packagedModelDir } from '../../src-main/privacy/faces/faceDetector.js';
import { proposeFaces } from '../../src-main/privacy/faces/faceProposals.js';

/**
 * Face proposals (issue 13 part 3): time per photograph, decode + scale to 1600 px + SSD detection
 * in the worker thread, on the group photographs that ship with face-api. The first call includes
 * starting the thread and loading the weights.
 */
it('prints face proposal time per photograph', async () => {
  const demo = path.join(path.dirname(packagedModelDir()), 'demo');
  const files = [1, 2, 3, 4, 5, 6].map((n) => path.join(demo, `sample${n}.jpg`));
  const a = performance.now();
  await proposeFaces(files[0]!);
  const first = performance.now() - a;
  const times: number[] = [];
  let faces = 0;
  for (let round = 0; round < 2; round++) {
    for (const f of files) {
      const t = performance.now();
      faces += (await proposeFaces(f)).length;
      times.push(performance.now() - t);
    }
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`face proposals (1920 px photographs, load ${os.loadavg()[0]!.toFixed(1)}): first call ${first.toFixed(0)} ms (thread + weights), then median ${median.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms per image; ${faces / 2} faces over ${files.length} images`);
  expect(faces).toBeGreaterThan(0);
});
