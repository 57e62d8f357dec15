import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPermissionAllowed } from '../../src-main/host/electron/permissions.js';
import { type BootedApp, bootApp, invoke } from './bootApp.js';
import { mock } from './electronMock.js';

vi.mock('electron', () => import('./electronMock.js'));

const APP = 'app://lightbox/index.html';

/** Permissions a page can ask Chromium for, other than the camera. */
const OTHER_PERMISSIONS = [
  'notifications',
  'geolocation',
  'midi',
  'midiSysex',
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'hid',
  'usb',
  'serial',
  'idle-detection',
  'local-fonts',
  'mediaKeySystem',
  'window-management',
  'storage-access',
  'persistent-storage',
  'screen-wake-lock',
  'fileSystem',
  'unknown',
];

const FOREIGN_ORIGINS = ['https://example.com', 'http://127.0.0.1:5173/', 'file:///tmp/page.html', 'app://other/index.html', 'lightbox://files/a.jpg', 'null', '', undefined];

describe('the permission policy', () => {
  it('grants the camera (video only) to the app page', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['video'], isMainFrame: true })).toBe(true);
    expect(isPermissionAllowed({ permission: 'media', origin: 'app://lightbox', mediaTypes: ['video'] })).toBe(true);
  });

  it('refuses the camera while the capture screen is closed', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['video'], isMainFrame: true, captureOpen: false })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['video'], isMainFrame: true, captureOpen: true })).toBe(true);
  });

  it('refuses the microphone, alone or with the camera', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['audio', 'video'] })).toBe(false);
  });

  it('refuses media that does not say what it is for', () => {
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: APP })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['unknown'] })).toBe(false);
  });

  it('refuses the camera to every other origin and to subframes', () => {
    for (const origin of FOREIGN_ORIGINS) {
      expect(isPermissionAllowed({ permission: 'media', origin, mediaTypes: ['video'] }), String(origin)).toBe(false);
    }
    expect(isPermissionAllowed({ permission: 'media', origin: APP, mediaTypes: ['video'], isMainFrame: false })).toBe(false);
  });

  it('refuses every other permission, even to the app page', () => {
    for (const permission of OTHER_PERMISSIONS) {
      expect(isPermissionAllowed({ permission, origin: APP, mediaTypes: ['video'], isMainFrame: true }), permission).toBe(false);
    }
  });
});

describe('the permission handlers installed on the session', () => {
  let booted: BootedApp;
  beforeAll(async () => {
    booted = await bootApp();
  });
  afterAll(() => booted.cleanup());

  const request = (permission: string, details: Record<string, unknown>) => {
    const callback = vi.fn();
    mock.permissionRequestHandler!(mock.windows[0]!.webContents, permission, callback, { isMainFrame: true, ...details });
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]![0] as boolean;
  };
  const check = (permission: string, origin: string, details: Record<string, unknown>) =>
    mock.permissionCheckHandler!(null, permission, origin, { isMainFrame: true, ...details }) as boolean;

  it('answer camera requests from the app page yes (only while the capture screen is open), and everything else no', async () => {
    await invoke('capture.setActive', { active: false });
    expect(request('media', { requestingUrl: APP, mediaTypes: ['video'] })).toBe(false);
    expect(check('media', 'app://lightbox', { securityOrigin: 'app://lightbox', mediaType: 'video' })).toBe(false);
    await invoke('capture.setActive', { active: true });
    expect(request('media', { requestingUrl: APP, mediaTypes: ['video'] })).toBe(true);
    expect(request('media', { requestingUrl: APP, mediaTypes: ['audio'] })).toBe(false);
    expect(request('media', { requestingUrl: APP, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(request('media', { requestingUrl: 'https://example.com/', mediaTypes: ['video'] })).toBe(false);
    for (const permission of OTHER_PERMISSIONS) expect(request(permission, { requestingUrl: APP }), permission).toBe(false);
  });

  it('answer permission checks the same way', () => {
    expect(check('media', 'app://lightbox', { securityOrigin: 'app://lightbox', mediaType: 'video' })).toBe(true);
    expect(check('media', 'app://lightbox', { securityOrigin: 'app://lightbox', mediaType: 'audio' })).toBe(false);
    expect(check('media', 'app://lightbox', { securityOrigin: 'app://lightbox', mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'https://example.com', { securityOrigin: 'https://example.com', mediaType: 'video' })).toBe(false);
    for (const permission of OTHER_PERMISSIONS) expect(check(permission, 'app://lightbox', {}), permission).toBe(false);
  });

  it('refuse every USB, HID and serial device', () => {
    expect(mock.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://lightbox' })).toBe(false);
    expect(mock.devicePermissionHandler!({ deviceType: 'hid', origin: 'app://lightbox' })).toBe(false);
  });
});
