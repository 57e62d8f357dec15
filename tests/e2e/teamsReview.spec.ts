import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { artifact, serve } from './helpers/serve.js';

/**
 * Review end to end: Ana opens her task package from the app's welcome screen, labels it (a box
 * on the first image) and hands it in; Ben's answers come by the CLI. After the merge the owner
 * reviews the two disagreements on the Review screen by keyboard: takes Ana's answer on one and
 * rejects Ben's on the other with a comment, which the owner's next package for Ben carries.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let home: string;
const owner = () => path.join(work, 'owner');

function lightbox(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { env: { ...process.env, LIGHTBOX_HOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Read the owner's store as it is on disk. */
function rows<T>(sql: string): T[] {
  const db = new Database(path.join(owner(), '.lightbox', 'labels.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 12 });
  await page.mouse.up();
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-review-'));
  home = path.join(work, '.home');
  fs.mkdirSync(owner());
  for (const [i, c] of ['#7a4a3a', '#3a7a4a', '#3a4a7a', '#7a7a3a'].entries()) {
    await sharp({ create: { width: 400, height: 300, channels: 3, background: c } }).png().toFile(path.join(owner(), `img${i + 1}.png`));
  }
  lightbox('scan', owner(), '--no-thumbnails');
  lightbox('classes', owner(), 'add', 'cat', '--key', '1');
  lightbox('classes', owner(), 'add', 'dog', '--key', '2');
  lightbox('classes', owner(), 'add', 'spot', '--key', '3');
  lightbox('package', 'create', owner(), '--out', path.join(work, 'task.lbx'), '--annotator', 'ana,ben', '--overlap', '100%');
  lightbox('package', 'open', path.join(work, 'task-ben.lbx'), '--into', path.join(work, 'ben'));
  for (const [i, c] of ['cat', 'cat', 'cat', 'dog'].entries()) lightbox('label', path.join(work, 'ben'), `images/00000${i + 1}.png`, '--class', c);
  lightbox('package', 'return', path.join(work, 'ben'), '--out', path.join(work, 'ben.lbx'));
});

test.afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('a package opened from the app is labeled and handed in; the owner reviews the disagreements by keyboard', async ({ page }) => {
  test.setTimeout(240_000);
  // Ana: the welcome screen, "Open task package…", typed paths (the browser host has no file dialog).
  // (A server without a folder opens the sample dataset: close it first.)
  const app = await serve();
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Close dataset' }).click();
    await page.getByTestId('open-package').click();
    const dialog = page.getByRole('dialog', { name: 'Open a task package' });
    await dialog.getByTestId('package-file').fill(path.join(work, 'task-ana.lbx'));
    // The working folder follows the package's name until one is typed.
    await expect(dialog.getByTestId('package-folder')).toHaveValue(path.join(work, 'task-ana'));
    // A folder that holds something is refused, in words, and nothing is opened.
    await dialog.getByTestId('package-folder').fill(owner());
    await dialog.getByTestId('package-open').click();
    await expect(dialog.getByTestId('package-error')).toContainText('is not empty: give a new or empty folder');
    await dialog.getByTestId('package-folder').fill(path.join(work, 'ana'));
    await dialog.getByTestId('package-open').click();
    await expect(page.getByTestId('image-count')).toHaveText('4 images', { timeout: 60_000 });
    await expect(dialog).toHaveCount(0);

    await page.getByTestId('grid-cell').first().dblclick();
    await expect(page.getByTestId('image-view').locator('img')).toBeVisible();
    // cat, cat, dog, dog: each class key labels and moves on (the last one stays).
    for (const k of ['1', '1', '2']) {
      const before = await page.locator('.image-name').textContent();
      await page.keyboard.press(k);
      await expect(page.locator('.image-name')).not.toHaveText(before!);
    }
    await page.keyboard.press('2');
    await expect(page.getByTestId('current-labels')).toHaveText('dog');
    // Back to the first image and draw a spot box on it: Ben drew none, so the two disagree there.
    for (let i = 0; i < 3; i++) {
      const before = await page.locator('.image-name').textContent();
      await page.keyboard.press('a');
      await expect(page.locator('.image-name')).not.toHaveText(before!);
    }
    await expect(page.locator('.image-name')).toHaveText('images/000001.png');
    await page.keyboard.press('b');
    await page.keyboard.press('3');
    const r = (await page.getByTestId('region-canvas').boundingBox())!;
    const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
    await drag(page, [cx - 120, cy - 80], [cx + 20, cy + 40]);
    await expect(page.getByTestId('region-layer')).toHaveAttribute('data-shapes', '[["box","spot"]]');
    // And a brush stroke (a mask) across the lower half.
    await page.keyboard.press('m');
    await page.keyboard.press('Escape');
    await page.keyboard.press('3');
    await drag(page, [cx - 100, cy + 60], [cx + 120, cy + 90]);
    await expect(page.getByTestId('region-layer')).toHaveAttribute('data-shapes', '[["box","spot"],["mask","spot"]]');
    await expect(page.getByTestId('save-status')).toHaveText('Saved');
    await page.keyboard.press('Control+g');
    const task = page.getByRole('dialog', { name: 'Task' });
    await task.getByTestId('result-path').fill(path.join(work, 'ana.lbx'));
    await task.getByRole('button', { name: 'Hand in' }).click();
    await expect(task.getByTestId('handed-in')).toContainText('4 of 4 images answered');
  } finally {
    await app.stop();
  }

  // The owner merges both results (CLI): images 1 and 3 wait for review.
  expect(lightbox('package', 'merge', owner(), path.join(work, 'ana.lbx'), path.join(work, 'ben.lbx'))).toMatch(/2 agreed.*2 to review/s);

  const ownerApp = await serve(owner());
  try {
    await page.goto(ownerApp.url);
    await expect(page.getByTestId('image-count')).toHaveText('4 images');
    await page.keyboard.press('Shift+R');
    const screen = page.getByTestId('review-screen');
    await expect(screen.getByTestId('review-count')).toHaveText('2 images to review');
    await expect(screen.getByTestId('review-path')).toHaveText('img1.png');
    const answers = screen.getByTestId('review-answer');
    await expect(answers).toHaveCount(2);
    await expect(answers.nth(0)).toHaveAttribute('data-annotator', 'ana');
    await expect(answers.nth(0).getByTestId('review-tags')).toHaveText('cat');
    await expect(answers.nth(0).getByTestId('review-region')).toHaveCount(2);
    // The mask is drawn from its runs as a picture in Ana's colour.
    await expect(answers.nth(0).locator('[data-kind="mask"] image')).toHaveAttribute('href', /^data:image\/png;base64,/);
    await expect(answers.nth(1)).toHaveAttribute('data-annotator', 'ben');
    await expect(answers.nth(1).getByTestId('review-region')).toHaveCount(0);
    await expect(answers.nth(0).locator('img')).toHaveJSProperty('complete', true);
    await page.screenshot({ path: artifact('review-en.png') });
    await page.getByTestId('language').selectOption('zh-CN');
    await expect(screen.getByTestId('review-count')).toHaveText('2 张图像待审核');
    await page.screenshot({ path: artifact('review-zh-CN.png') });
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('language').blur();

    // 1: take Ana's answer (her class and her box). The next image comes up; one undo brings it back.
    await page.keyboard.press('1');
    await expect(screen.getByTestId('review-message')).toHaveText('Took ana’s answer.');
    await expect(screen.getByTestId('review-path')).toHaveText('img3.png');
    await expect(screen.getByTestId('review-count')).toHaveText('1 image to review');
    await page.keyboard.press('Control+z');
    await expect(screen.getByTestId('review-message')).toHaveText('Undone: the queue shows the images as they now stand.');
    await expect(screen.getByTestId('review-path')).toHaveText('img1.png');
    await expect(screen.getByTestId('review-count')).toHaveText('2 images to review');
    await page.keyboard.press('Control+Shift+Z');
    await expect(screen.getByTestId('review-message')).toHaveText('Redone.');
    await expect(screen.getByTestId('review-count')).toHaveText('1 image to review');
    await expect(screen.getByTestId('review-path')).toHaveText('img3.png');
    // E opens the image in the workspace; Shift+R comes back to the queue.
    await page.keyboard.press('e');
    await expect(page.locator('.image-name')).toHaveText('img3.png');
    await page.keyboard.press('Shift+R');
    await expect(screen.getByTestId('review-path')).toHaveText('img3.png');

    // R, 2, a comment, Enter: Ben's answer on image 3 goes back to him.
    await page.keyboard.press('r');
    await expect(screen.getByTestId('review-reject-pick')).toBeVisible();
    await page.keyboard.press('2');
    await expect(screen.getByTestId('review-comment')).toBeFocused();
    await page.keyboard.type('Look again: it has floppy ears, so a dog');
    await page.screenshot({ path: artifact('review-reject.png') });
    await page.keyboard.press('Enter');
    await expect(screen.getByTestId('review-message')).toHaveText('ben’s answer sent back with the comment.');
    await expect(screen.getByTestId('review-empty')).toBeVisible();
    // Flagging Ana puts every image she answered in the queue, decided ones showing how they stand.
    await screen.getByTestId('review-flag').selectOption('ana');
    await expect(screen.getByTestId('review-count')).toHaveText('4 images to review');
    await expect(screen.getByTestId('review-state')).toHaveText('reviewed');
    await screen.getByTestId('review-flag').blur();
    await page.keyboard.press('j');
    await expect(screen.getByTestId('review-path')).toHaveText('img2.png');
    await expect(screen.getByTestId('review-state')).toHaveText('agreed');
    // A decision on an image that stays in the queue moves on to the next one.
    await page.keyboard.press('2');
    await expect(screen.getByTestId('review-message')).toHaveText('Took ben’s answer.');
    await expect(screen.getByTestId('review-path')).toHaveText('img3.png');
    await expect(screen.getByTestId('review-state')).toHaveText('one answer');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('image-count')).toHaveText('4 images');
  } finally {
    await ownerApp.stop();
  }

  // The store: image 1 took Ana's tag and box, image 3 Ana's dog (Ben's cat set aside).
  const live = rows<{ path: string; kind: string; name: string; author: string }>(
    `SELECT i.path, a.kind, c.name, a.author FROM annotations a JOIN images i ON i.id = a.image_id JOIN classes c ON c.id = a.class_id
     WHERE a.deleted = 0 AND i.path IN ('img1.png', 'img3.png') ORDER BY i.path, a.kind`,
  );
  expect(live).toEqual([
    { path: 'img1.png', kind: 'box', name: 'spot', author: 'ana' },
    { path: 'img1.png', kind: 'mask', name: 'spot', author: 'ana' },
    { path: 'img1.png', kind: 'tag', name: 'cat', author: 'ana' },
    { path: 'img3.png', kind: 'tag', name: 'dog', author: 'ana' },
  ]);
  expect(lightbox('review', owner())).toBe('Nothing to review.\n');
  // Ben's next package carries image 3 with the comment.
  expect(lightbox('package', 'create', owner(), '--out', path.join(work, 'ben-again.lbx'), '--annotator', 'ben', '--filter', 'folder:nowhere')).toMatch(/1 images for ben/);
  expect(lightbox('package', 'open', path.join(work, 'ben-again.lbx'), '--into', path.join(work, 'ben-again'))).toContain('1 image came back from review: images/000001.png: Look again: it has floppy ears, so a dog');
});
