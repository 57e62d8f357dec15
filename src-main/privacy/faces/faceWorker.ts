import { parentPort, workerData } from 'node:worker_threads';
import { loadFaceDetector, type FaceImage } from './faceDetector.js';

/**
 * The worker thread that runs face detection (bundled into faceThread.ts as `?thread` code), so a
 * detection of half a second never holds up RPC. Loads the detector once, answers in order.
 */
interface Request {
  id: number;
  image: FaceImage;
  minScore?: number;
}

const detector = loadFaceDetector((workerData as { modelDir?: string } | undefined)?.modelDir);
// A failed load is answered per request; do not let it go unhandled before the first one arrives.
detector.catch(() => undefined);

parentPort!.on('message', (req: Request) => {
  detector
    .then((d) => d.detect(req.image, req.minScore))
    .then(
      (faces) => parentPort!.postMessage({ id: req.id, faces }),
      (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
    );
});
