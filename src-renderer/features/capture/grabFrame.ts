import type { Frame } from './CaptureController.js';

/**
 * Take the current video frame as an encoded image. The frame is saved as the camera sees it:
 * the mirror toggle only flips the preview.
 */
export async function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, format: 'jpeg' | 'png'): Promise<Frame> {
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
