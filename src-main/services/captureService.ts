import type { CapturePrefs } from '../api/capture.js';
import { saveCapture, undoLastCapture } from '../dataset/capture.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { proposeFacesAfterCapture } from './faceProposalJob.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/** The project setting that remembers the camera and capture choices of this dataset. */
export const CAPTURE_PREFS_KEY = 'capture.prefs';

export const DEFAULT_CAPTURE_PREFS: CapturePrefs = {
  deviceId: null,
  deviceLabel: null,
  width: 1280,
  height: 720,
  format: 'jpeg',
  mirror: true,
  rate: 5,
  burstCount: 10,
  burstIntervalMs: 200,
  proposeFaces: false,
};

/** Sessions whose capture screen is open: the desktop host's permission policy asks this. */
const activeCapture = new WeakSet<Session>();

export function isCaptureActive(session: Session): boolean {
  return activeCapture.has(session);
}

export const captureHandlers: Handlers<'capture.save' | 'capture.undoLast' | 'capture.setActive' | 'capture.getPrefs' | 'capture.setPrefs'> = {
  'capture.setActive': ({ active }, s) => {
    if (active) activeCapture.add(s);
    else activeCapture.delete(s);
    return { active };
  },
  'capture.save': async ({ classId, format, dataBase64 }, s) => {
    const ds = s.require();
    const saved = await saveCapture(ds.root, ds.db, { classId, format, data: Buffer.from(dataBase64, 'base64') }, s.author());
    // images.changed alone: the class counts follow from it, and one event per frame is enough.
    s.emit('images.changed', { ids: [saved.imageId] });
    const prefs = { ...DEFAULT_CAPTURE_PREFS, ...getSetting<Partial<CapturePrefs>>(ds.db, CAPTURE_PREFS_KEY, {}) };
    // In the background, one frame after another: the next frame is saved without waiting for it.
    if (prefs.proposeFaces) proposeFacesAfterCapture(s, saved.imageId);
    return saved;
  },
  'capture.undoLast': (_p, s) => {
    const ds = s.require();
    const removed = undoLastCapture(ds.root, ds.db);
    if (removed) {
      s.emit('images.changed', { ids: [removed.imageId] });
      s.emit('classes.changed', {});
    }
    return { removed };
  },
  'capture.getPrefs': (_p, s) => ({ ...DEFAULT_CAPTURE_PREFS, ...getSetting<Partial<CapturePrefs>>(s.require().db, CAPTURE_PREFS_KEY, {}) }),
  'capture.setPrefs': (p, s) => {
    const db = s.require().db;
    const next = { ...DEFAULT_CAPTURE_PREFS, ...getSetting<Partial<CapturePrefs>>(db, CAPTURE_PREFS_KEY, {}), ...p };
    setSetting(db, CAPTURE_PREFS_KEY, next);
    return next;
  },
};
