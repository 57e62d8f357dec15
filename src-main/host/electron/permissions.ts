import type { Session } from 'electron';
import { isAppOrigin } from './appOrigin.js';

/** What a permission request or check asks for, reduced to what the policy looks at. */
export interface PermissionAsk {
  permission: string;
  /** The requesting frame's URL or origin. */
  origin: string | null | undefined;
  /** For `media`: what is asked for (`video` is the camera, `audio` the microphone). */
  mediaTypes?: readonly string[];
  /** False when a subframe asks; the app has none, so only the main frame is trusted. */
  isMainFrame?: boolean;
  /** False while the capture screen is closed: the camera is reachable only from it. */
  captureOpen?: boolean;
}

/**
 * The whole permission policy of the app: the camera (`media` with video only) for the app's own
 * pages, and nothing else — no microphone, notifications, geolocation, MIDI, clipboard reads, USB…
 * The capture screen is the only feature that needs a device, and it needs only video.
 */
export function isPermissionAllowed(ask: PermissionAsk): boolean {
  if (ask.permission !== 'media') return false;
  if (!isAppOrigin(ask.origin)) return false;
  if (ask.isMainFrame === false) return false;
  if (ask.captureOpen === false) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** Install the policy on a session, for both permission requests and permission checks. */
export function installPermissionHandlers(ses: Session, captureOpen: () => boolean = () => true): void {
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionAllowed({ permission, origin: details.requestingUrl, mediaTypes, isMainFrame: details.isMainFrame, captureOpen: captureOpen() }));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed({
      permission,
      origin: details.securityOrigin ?? requestingOrigin,
      mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      isMainFrame: details.isMainFrame,
      captureOpen: captureOpen(),
    }),
  );
  // WebHID, WebUSB and Web Serial devices: never.
  ses.setDevicePermissionHandler(() => false);
}
