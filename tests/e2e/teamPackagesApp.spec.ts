import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { artifact, serve } from './helpers/serve.js';

/**
 * The owner's side of task packages from the app: packages made for two annotators in the Task
 * packages dialog, labeled and handed in (by the CLI, as a contractor's copy of Lightbox would),
 * then merged back in the same dialog; a second merge of the same results changes nothing.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
let work: string;
const owner = () => path.join(work, 'owner');

function lightbox(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { env: { ...process.env, LIGHTBOX_HOME: path.join(work, '.home') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-team-packages-'));
  fs.mkdirSync(owner());
  for (const [i, c] of ['#7a4a3a', '#3a7a4a', '#3a4a7a'].entries()) {
    await sharp({ create: { width: 320, height: 240, channels: 3, background: c } }).png().toFile(path.join(owner(), `img${i + 1}.png`));
  }
  lightbox('scan', owner(), '--no-thumbnails');
  lightbox('classes', owner(), 'add', 'cat', '--key', '1');
  lightbox('classes', owner(), 'add', 'dog', '--key', '2');
});
test.afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('the owner makes packages for two annotators and merges their results from the Task packages dialog', async ({ page }) => {
  const app = await serve(owner());
  try {
    await page.goto(app.url);
    await expect(page.getByTestId('image-count')).toHaveText('3 images');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('task packages');
    await page.keyboard.press('Enter');
    const create = page.getByTestId('team-packages-create');
    await create.getByTestId('team-packages-annotators').fill('ana, ben');
    await create.getByTestId('team-packages-out').fill(path.join(work, 'batch.lbx'));
    await create.getByTestId('team-packages-overlap').fill('100');
    await create.getByTestId('team-packages-make').click();
    await expect(create.getByTestId('team-packages-created')).toContainText('3 images for ana');
    await expect(create.getByTestId('team-packages-created')).toContainText('3 images for ben');
    expect(fs.existsSync(path.join(work, 'batch-ana.lbx')) && fs.existsSync(path.join(work, 'batch-ben.lbx'))).toBe(true);

    // Each annotator labels their copy: they agree on image 1 and 2, not on 3.
    const answers = { ana: ['cat', 'dog', 'cat'], ben: ['cat', 'dog', 'dog'] };
    for (const [who, classes] of Object.entries(answers)) {
      lightbox('package', 'open', path.join(work, `batch-${who}.lbx`), '--into', path.join(work, who));
      for (const [i, c] of classes.entries()) lightbox('label', path.join(work, who), `images/00000${i + 1}.png`, '--class', c);
      lightbox('package', 'return', path.join(work, who), '--out', path.join(work, `${who}-result.lbx`));
    }

    const merge = page.getByTestId('team-packages-merge');
    const results = [path.join(work, 'ana-result.lbx'), path.join(work, 'ben-result.lbx')].join('\n');
    await merge.getByTestId('team-packages-results').fill(results);
    await merge.getByTestId('team-packages-merge-start').click();
    await expect(merge.getByTestId('team-packages-merged')).toContainText('2 agreed');
    await expect(merge.getByTestId('team-packages-merged')).toContainText('1 to review');
    await page.screenshot({ path: artifact('team-packages.png') });
    // The same results again: nothing changes, and the dialog says so.
    await merge.getByTestId('team-packages-merge-start').click();
    await expect(merge.getByTestId('team-packages-merged')).toHaveText('Already merged: nothing changed.');
    // A file that is not a result is refused in words.
    await merge.getByTestId('team-packages-results').fill(path.join(owner(), 'img1.png'));
    await merge.getByTestId('team-packages-merge-start').click();
    await expect(merge.getByTestId('team-packages-error')).toBeVisible();
  } finally {
    await app.stop();
  }
  expect(lightbox('review', owner())).toContain('img3.png');
});
