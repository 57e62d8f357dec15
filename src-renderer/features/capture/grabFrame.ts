import type { Frame } from './CaptureController.js';

type FrameCallbackVideo = HTMLVideoElement & { requestVideoFrameCallback?(cb: (now: number, meta: { mediaTime: number }) => void): number };

/** The media time of the frame each video last gave us, so the same frame is never saved twice. */
const lastFrame = new WeakMap<HTMLVideoElement, number>();

/** Wait for a frame the camera has not given us yet (at most `maxWaitMs`, for a stalled video). */
function nextFrame(video: FrameCallbackVideo, maxWaitMs = 250): Promise<void> {
  if (!video.requestVideoFrameCallback) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxWaitMs);
    const wait = () =>
      video.requestVideoFrameCallback!((_now, meta) => {
        if (meta.mediaTime === lastFrame.get(video)) return wait();
        lastFrame.set(video, meta.mediaTime);
        clearTimeout(timer);
        resolve();
      });
    wait();
  });
}

/**
 * Take the next new video frame as an encoded image, so recording faster than the camera delivers
 * never stores the same picture twice. The frame is saved as the camera sees it: the mirror
 * toggle only flips the preview.
 */
export async function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, format: 'jpeg' | 'png'): Promise<Frame> {
  await nextFrame(video);
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) throw new Error('no video frame yet');
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(video, 0, 0, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, format === 'png' ? 'image/png' : 'image/jpeg', 0.92));
  if (!blob) throw new Error('the frame could not be encoded');
  return { format, dataBase64: await blobToBase64(blob) };
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}
