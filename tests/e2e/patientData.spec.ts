import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { makeDicom } from '../helpers/makeDicom.js';
import { artifact, serve, type Served } from './helpers/serve.js';
import { openFirstImage } from './helpers/workspace.js';

// Issue 10, item 5: the workspace shows modality, series and instance, not the patient's name, id or
// birth date; a setting shows them, off by default.
let server: Served;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-patient-'));
  // makeDicom writes the patient Doe^Jane, id P-12345, born 19600101.
  fs.writeFileSync(path.join(dataset, 'IM0001'), makeDicom({ rows: 64, columns: 64, modality: 'CT', seriesNumber: 4, instanceNumber: 12, slope: 1, intercept: -1024, windows: [[40, 400]] }));
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

test('a CT shows its modality, series and instance; the patient only after the setting is turned on, and again hidden when it is off', async ({ page }) => {
  await page.goto(server.url);
  await openFirstImage(page, 'IM0001');
  await expect(page.getByTestId('medical-info')).toHaveText('CT · series 4 (Test series) · instance 12');
  await expect(page.getByTestId('patient-info')).toHaveCount(0);
  for (const secret of ['Doe', 'Jane', 'P-12345', '1960']) expect(await page.locator('body').innerText()).not.toContain(secret);

  await page.keyboard.press('Control+,');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const toggle = settings.getByTestId('settings-patient-data');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('patient-info')).toHaveText('Patient Doe Jane · ID P-12345 · born 1960-01-01');
  await page.screenshot({ path: artifact('patient-data-shown.png') });

  // Kept for the user: after a reload it is still on; turned off, the patient is gone from the screen.
  await page.reload();
  await expect(page.getByTestId('patient-info')).toHaveText('Patient Doe Jane · ID P-12345 · born 1960-01-01');
  await page.keyboard.press('Control+,');
  await page.getByRole('dialog', { name: 'Settings' }).getByTestId('settings-patient-data').uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('patient-info')).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain('Doe');
  await page.screenshot({ path: artifact('patient-data-hidden.png') });
});
