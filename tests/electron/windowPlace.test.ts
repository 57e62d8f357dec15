import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usablePlace } from '../../src-main/host/electron/windowPlace.js';
import { type BootedApp, bootApp } from './bootApp.js';
import { mock, resetElectronMock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

const config = (home: string) => JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));

describe('the window comes back where the user left it', () => {
  let booted: BootedApp | null = null;
  const earlier: BootedApp[] = [];
  afterEach(() => {
    booted?.cleanup();
    booted = null;
    // The first boot's folder holds the home the later boots reused.
    earlier.splice(0).forEach((b) => b.cleanup());
  });
  /** Quit and start again with the same home. */
  async function restart(): Promise<void> {
    earlier.push(booted!);
    booted!.running.session.close();
    const home = booted!.home;
    resetElectronMock();
    booted = await bootApp({ home });
  }

  it('keeps the size and place it was closed at, and its maximized state', async () => {
    booted = await bootApp();
    const win = mock.windows[0]!;
    win.setBounds({ x: 240, y: 130, width: 1400, height: 900 });
    win.emit('close');
    expect(config(booted.home).window).toEqual({ x: 240, y: 130, width: 1400, height: 900, maximized: false });

    await restart();
    expect(mock.windows[0]!.options).toMatchObject({ x: 240, y: 130, width: 1400, height: 900 });

    mock.windows[0]!.maximize();
    mock.windows[0]!.emit('close');
    await restart();
    mock.windows[0]!.emit('ready-to-show');
    expect(mock.windows[0]!.isMaximized()).toBe(true);
    expect(mock.windows[0]!.visible).toBe(true);
  });

  it('opens at the default place when the saved one is on a screen that is gone', async () => {
    booted = await bootApp();
    mock.windows[0]!.setBounds({ x: 2400, y: 200, width: 1200, height: 800 });
    mock.windows[0]!.emit('close');
    // The second monitor (to the right) was unplugged.
    await restart();
    expect(mock.windows[0]!.options.x).toBeUndefined();
    expect(mock.windows[0]!.options).toMatchObject({ width: 1280, height: 820 });
  });
});

describe('a saved window place', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  it('is used only when its title bar is on a screen, and never larger than the screen', () => {
    expect(usablePlace({ x: 10, y: 10, width: 3000, height: 2000, maximized: false }, screens)).toEqual({ x: 10, y: 10, width: 1920, height: 1040, maximized: false });
    expect(usablePlace({ x: 100, y: -300, width: 800, height: 600 }, screens)).toBeNull();
    expect(usablePlace({ x: 1850, y: 100, width: 800, height: 600 }, screens)).toBeNull();
    expect(usablePlace({ x: 'left', y: 0, width: 800, height: 600 }, screens)).toBeNull();
    expect(usablePlace(null, screens)).toBeNull();
  });
});
