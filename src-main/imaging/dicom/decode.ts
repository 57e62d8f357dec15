import { decodeJpeg, decodeJpeg2000, decodeJpegLossless, decodeJpegLs } from './codecs.js';
import { DicomError } from './DicomError.js';
import { encapsulatedFrame, highBitOf, nativeFrameSamples, readPalette } from './frameData.js';
import { infoFromDataSet, nativeFrameBytes, rescaleAt, type DicomInfo } from './info.js';
import { parseDataSet, toDicomError } from './parse.js';
import { toFrame, type DicomFrame, type Samples } from './pixels.js';
import { readJpegFrameHeader } from './jpegHeader.js';
import { decodeRle } from './rle.js';
import { pixelCodec, unsupportedSyntaxReason, type PixelCodec } from './transferSyntax.js';

/** Decode one frame (0-based) of a DICOM Part 10 file into modality values or RGB. */
export async function decodeDicomFrame(bytes: Uint8Array, frame: number): Promise<DicomFrame> {
  try {
    return await decodeFrame(bytes, frame);
  } catch (e) {
    throw toDicomError(e);
  }
}

async function decodeFrame(bytes: Uint8Array, frame: number): Promise<DicomFrame> {
  // Native pixels are found from the header alone; encapsulated ones need their fragments parsed.
  const head = parseDataSet(bytes, { headerOnly: true });
  const info = infoFromDataSet(head, bytes.length);
  const codec = pixelCodec(info.transferSyntax);
  const ds = codec === 'native' ? head : parseDataSet(bytes, { headerOnly: false });
  if (!Number.isInteger(frame) || frame < 0 || frame >= info.frames) {
    throw new DicomError(`has no frame ${frame + 1} (it has ${info.frames})`);
  }
  const extras = { highBit: highBitOf(ds, info), palette: readPalette(ds, info) };
  const planar = info.samplesPerPixel === 3 && ds.uint16('x00280006') === 1;
  let samples: Samples;
  switch (codec) {
    case 'native':
      samples = { data: nativeFrameSamples(ds, info, frame), planar, photometric: info.photometric };
      break;
    case 'raw-fragments':
      samples = { data: rawFragmentSamples(encapsulatedFrame(ds, info, frame), info), planar, photometric: info.photometric };
      break;
    case 'rle':
      // RLE keeps each sample in its own segment, so colour comes out planar whatever the header says.
      samples = { data: decodeRle(encapsulatedFrame(ds, info, frame), info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated), planar: true, photometric: info.photometric };
      break;
    case 'jpeg':
    case 'jpeg-ls':
    case 'jpeg2000':
    case 'jpeg-lossless': {
      const data = encapsulatedFrame(ds, info, frame);
      const decode = { jpeg: decodeJpeg, 'jpeg-ls': decodeJpegLs, jpeg2000: decodeJpeg2000, 'jpeg-lossless': decodeJpegLossless }[jpegFamilyCodec(data) ?? codec];
      const out = await decode(data, info);
      samples = { data: out.data, planar: out.planar, photometric: out.rgb ? 'RGB' : info.photometric };
      break;
    }
    default:
      throw new DicomError(unsupportedSyntaxReason(info.transferSyntax));
  }
  // An enhanced multi-frame file may rescale each frame differently (MR, PET).
  const rescale = rescaleAt(head, frame);
  const frameInfo = { ...info, rescaleSlope: rescale.slope, rescaleIntercept: rescale.intercept };
  return toFrame(samples, frameInfo, extras);
}

/** Encapsulated uncompressed (1.2.840.10008.1.2.1.98): a frame's fragments hold its native little-endian bytes. */
function rawFragmentSamples(bytes: Uint8Array, info: DicomInfo): Uint8Array | Uint16Array | Uint32Array {
  const size = nativeFrameBytes(info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated, info.photometric);
  if (bytes.length < size) throw new DicomError('file is truncated or damaged (a frame has too few pixels)');
  const copy = bytes.slice(0, size);
  if (info.bitsAllocated === 8) return copy;
  return info.bitsAllocated === 16 ? new Uint16Array(copy.buffer, 0, size / 2) : new Uint32Array(copy.buffer, 0, size / 4);
}

/**
 * Which decoder a JPEG-family frame needs, by its own SOF marker: files labelled with the wrong
 * JPEG syntax (lossless data under baseline, progressive under extended) are common enough
 * that trusting the bitstream beats refusing it. Null for anything else (JPEG 2000, damage).
 */
function jpegFamilyCodec(frame: Uint8Array): Extract<PixelCodec, 'jpeg' | 'jpeg-ls' | 'jpeg-lossless'> | null {
  const sof = readJpegFrameHeader(frame);
  if (!sof) return null;
  if (sof.marker === 0xf7) return 'jpeg-ls';
  if (sof.marker === 0xc3) return 'jpeg-lossless';
  if (sof.marker >= 0xc0 && sof.marker <= 0xc2) return 'jpeg';
  return null;
}
