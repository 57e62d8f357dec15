import { DicomError } from './DicomError.js';
import { encapsulatedFrame, highBitOf, nativeFrameSamples, readPalette } from './frameData.js';
import { infoFromDataSet } from './info.js';
import { parseDataSet } from './parse.js';
import { toFrame, type DicomFrame, type Samples } from './pixels.js';
import { pixelCodec, unsupportedSyntaxReason } from './transferSyntax.js';

/** Decode one frame (0-based) of a DICOM Part 10 file into modality values or RGB. */
export async function decodeDicomFrame(bytes: Uint8Array, frame: number): Promise<DicomFrame> {
  const ds = parseDataSet(bytes, { headerOnly: false });
  const info = infoFromDataSet(ds, bytes.length);
  if (!Number.isInteger(frame) || frame < 0 || frame >= info.frames) {
    throw new DicomError(`has no frame ${frame + 1} (it has ${info.frames})`);
  }
  const extras = { highBit: highBitOf(ds, info), palette: readPalette(ds, info) };
  const planar = info.samplesPerPixel === 3 && ds.uint16('x00280006') === 1;
  const codec = pixelCodec(info.transferSyntax);
  let samples: Samples;
  switch (codec) {
    case 'native':
      samples = { data: nativeFrameSamples(ds, info, frame), planar, photometric: info.photometric };
      break;
    default:
      // Reached only while a codec is being wired in; the reason names the syntax for the user.
      void encapsulatedFrame;
      throw new DicomError(unsupportedSyntaxReason(info.transferSyntax));
  }
  try {
    return toFrame(samples, info, extras);
  } catch (e) {
    if (e instanceof RangeError) throw new DicomError('image is too large to decode in the memory available');
    throw e;
  }
}
