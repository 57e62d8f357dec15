import { useCallback, useEffect, useRef, useState } from 'react';

/** Why the camera is not showing, as the capture screen explains it. */
export type CameraProblem = 'unsupported' | 'noCamera' | 'denied' | 'busy' | 'disconnected' | 'failed';

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export interface Camera {
  devices: CameraDevice[];
  stream: MediaStream | null;
  problem: CameraProblem | null;
  /** Size the camera actually delivers (it may differ from what was asked). */
  actual: { width: number; height: number } | null;
  start(deviceId: string | null, width: number, height: number): Promise<void>;
  stop(): void;
}

function problemOf(e: unknown): CameraProblem {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'noCamera';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/** The video devices, the live stream of the chosen one, and what went wrong, if anything. */
export function useCamera(): Camera {
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  const [actual, setActual] = useState<{ width: number; height: number } | null>(null);
  const current = useRef<MediaStream | null>(null);

  const listDevices = useCallback(async () => {
    const all = await navigator.mediaDevices.enumerateDevices();
    const video = all.filter((d) => d.kind === 'videoinput');
    setDevices(video.map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` })));
    return video;
  }, []);

  const stop = useCallback(() => {
    current.current?.getTracks().forEach((t) => t.stop());
    current.current = null;
    setStream(null);
  }, []);

  const start = useCallback(
    async (deviceId: string | null, width: number, height: number) => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem('unsupported');
        return;
      }
      stop();
      try {
        const s = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: width }, height: { ideal: height } },
        });
        current.current = s;
        const track = s.getVideoTracks()[0];
        const settings = track?.getSettings();
        setActual(settings?.width && settings.height ? { width: settings.width, height: settings.height } : null);
        // Unplugged mid-capture: what was captured stays; the screen says what happened.
        track?.addEventListener('ended', () => {
          if (current.current === s) {
            current.current = null;
            setStream(null);
            setProblem('disconnected');
          }
        });
        setProblem(null);
        setStream(s);
        // Labels are only known once permission is granted.
        await listDevices();
      } catch (e) {
        const p = problemOf(e);
        if (p === 'noCamera' && deviceId) {
          // The remembered camera is gone: say so only if no other camera exists either.
          const video = await listDevices().catch(() => []);
          setProblem(video.length === 0 ? 'noCamera' : 'disconnected');
        } else setProblem(p);
      }
    },
    [listDevices, stop],
  );

  useEffect(() => {
    const md = navigator.mediaDevices;
    if (!md) {
      setProblem('unsupported');
      return;
    }
    void listDevices().then((video) => video.length === 0 && setProblem('noCamera'), () => setProblem('failed'));
    const onChange = () => void listDevices();
    md.addEventListener('devicechange', onChange);
    return () => {
      md.removeEventListener('devicechange', onChange);
      current.current?.getTracks().forEach((t) => t.stop());
    };
  }, [listDevices]);

  return { devices, stream, problem, actual, start, stop };
}
