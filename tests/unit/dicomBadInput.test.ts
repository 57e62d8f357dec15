import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DicomError, decodeDicomFrame, MAX_INFLATED_BYTES, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { encodeJpegBaseline } from '../helpers/dicomEncoders.js';
import { concat, element, greyAttributes, metaEnd, u16Bytes, UID, writeDicom } from '../helpers/dicomFiles.js';

/** Both the header read and the decode refuse the file, with the same reason. */
async function refused(file: Uint8Array, reason: string | RegExp): Promise<void> {
  expect(() => readDicomInfo(file)).toThrow(DicomError);
  expect(() => readDicomInfo(file)).toThrow(reason);
  await expect(decodeDicomFrame(file, 0)).rejects.toThrow(DicomError);
  await expect(decodeDicomFrame(file, 0)).rejects.toThrow(reason);
}

const ct = (rows: number, cols: number, extra: Record<string, unknown> = {}) => greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }, extra);

describe('DICOM files Lightbox refuses, with their reason', () => {
  it('a file cut short in its pixel data, or just before it', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(64, 64), pixels: { native: u16Bytes(new Array(64 * 64).fill(100)) } });
    await refused(file.subarray(0, file.length - 1000), 'file is truncated (the pixel data ends early)');
    await refused(file.subarray(0, file.length - 64 * 64 * 2 - 12), 'file is truncated (it ends before its pixel data)');
  });

  it('a file cut short in its header', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(64, 64, { SeriesDescription: 'x'.repeat(300) }), pixels: { native: u16Bytes(new Array(64 * 64).fill(100)) } });
    await refused(file.subarray(0, metaEnd(file) + 40), 'file is truncated or damaged (a DICOM element runs past the end of the file)');
    await refused(file.subarray(0, 200), 'DICOM header is damaged');
  });

  it('a cut multi-frame file, and one claiming more frames than it holds', async () => {
    const frame = u16Bytes(new Array(16 * 16).fill(7));
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(16, 16, { NumberOfFrames: 10 }), pixels: { native: concat([frame, frame, frame]) } });
    await refused(file, 'it claims 10 frames of 16×16 but holds 3');
  });

  it('a header claiming 65535×65535 pixels in 1000 frames, before anything is allocated', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(65535, 65535, { NumberOfFrames: 1000 }), pixels: { native: u16Bytes([1, 2, 3, 4]) } });
    await refused(file, 'image is too large to decode safely (65535×65535 pixels, over the pixel limit)');
  });

  it('a header claiming 1000 frames of 4000×4000 in a file of a few kilobytes', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(4000, 4000, { NumberOfFrames: 1000 }), pixels: { native: u16Bytes(new Array(1000).fill(1)) } });
    await refused(file, /file is truncated or damaged \(it claims 1000 frames of 4000×4000 but holds 0\)/);
  });

  it('a compressed file claiming a million frames', async () => {
    const jpeg = await encodeJpegBaseline(new Uint8Array(64 * 64).fill(9), { width: 64, height: 64, bits: 8, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(64, 64, { allocated: 8, stored: 8, signed: false }, { NumberOfFrames: 1_000_000 }), pixels: { frames: [[jpeg]] } });
    await refused(file, /it claims 1000000 compressed frames/);
  });

  it('a compressed frame larger than its header says (a bomb inside a small header)', async () => {
    const jpeg = await encodeJpegBaseline(new Uint8Array(128 * 64).fill(9), { width: 128, height: 64, bits: 8, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(64, 64, { allocated: 8, stored: 8, signed: false }), pixels: { frames: [[jpeg]] } });
    await expect(decodeDicomFrame(file, 0)).rejects.toThrow('its JPEG frame is 128×64 but the header says 64×64');
  });

  it('transfer syntaxes Lightbox cannot decode, named for the user', async () => {
    const video = writeDicom({ transferSyntax: '1.2.840.10008.1.2.4.102', attributes: ct(8, 8), pixels: { frames: [[new Uint8Array(100)]] } });
    await refused(video, 'compressed with MPEG-4 AVC/H.264 video, which Lightbox cannot decode');
    const unknown = writeDicom({ transferSyntax: '1.2.3.4.5.6', attributes: ct(8, 8), pixels: { frames: [[new Uint8Array(100)]] } });
    await refused(unknown, 'uses the transfer syntax 1.2.3.4.5.6, which Lightbox cannot decode');
  });

  it('12-bit JPEG extended, which the 8-bit JPEG codec cannot decode', async () => {
    const jpeg = await encodeJpegBaseline(new Uint8Array(64 * 64).fill(9), { width: 64, height: 64, bits: 8, components: 1 });
    // Rewrite SOF0 to a 12-bit SOF1, as a 12-bit CT compressed with process 4 starts.
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg[sof + 1] = 0xc1;
    jpeg[sof + 4] = 12;
    const file = writeDicom({ transferSyntax: UID.jpegExtended, attributes: ct(64, 64), pixels: { frames: [[jpeg]] } });
    expect(readDicomInfo(file).transferSyntax).toBe(UID.jpegExtended);
    await expect(decodeDicomFrame(file, 0)).rejects.toThrow('compressed with 12-bit JPEG extended, which Lightbox cannot decode');
  });

  it('objects with no image: a report, an RT structure set, a segmentation', async () => {
    const sr = writeDicom({ transferSyntax: UID.explicitLE, attributes: { SOPClassUID: UID.basicTextSr, Modality: 'SR' }, pixels: null });
    await refused(sr, 'has no image (it is a structured report)');
    const rt = writeDicom({ transferSyntax: UID.implicitLE, attributes: { SOPClassUID: UID.rtStructureSet, Modality: 'RTSTRUCT' }, pixels: null });
    await refused(rt, 'has no image (it is an RT structure set)');
    // A SEG does carry pixel data, but it is 1-bit masks, not a picture to label.
    const seg = writeDicom({ transferSyntax: UID.explicitLE, attributes: { ...greyAttributes(8, 8, { allocated: 8, stored: 8, signed: false }), SOPClassUID: UID.segmentation, Modality: 'SEG', BitsAllocated: 1, BitsStored: 1, HighBit: 0 }, pixels: { native: new Uint8Array(8) } });
    await refused(seg, 'has no image (it is a segmentation)');
    const other = writeDicom({ transferSyntax: UID.explicitLE, attributes: { SOPClassUID: '1.2.840.10008.5.1.4.1.1.1234', Modality: 'OT' }, pixels: null });
    await refused(other, 'has no image (it is an OT object without pixel data)');
  });

  it('a huge private element is skipped over, not copied, and the image still decodes', async () => {
    const stored = Array.from({ length: 32 * 32 }, (_, i) => i % 4096);
    const huge = element(0x0029, 0x1010, 'OB', new Uint8Array(64 * 1024 * 1024).fill(0xab), UID.explicitLE);
    const creator = element(0x0029, 0x0010, 'LO', new TextEncoder().encode('ACME 1.0'), UID.explicitLE);
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(32, 32), pixels: { native: u16Bytes(stored) }, rawBefore: concat([creator, huge]) });
    expect(readDicomInfo(file)).toMatchObject({ rows: 32, columns: 32 });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('a private element whose length runs past the end of the file', async () => {
    const lying = concat([element(0x0029, 0x1010, 'OB', new Uint8Array(16), UID.explicitLE).subarray(0, 12), new Uint8Array(16)]);
    new DataView(lying.buffer).setUint32(8, 0xfffffff0, true);
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: ct(4, 4), pixels: { native: u16Bytes(new Array(16).fill(1)) }, rawBefore: lying });
    await refused(file, 'file is truncated or damaged (a DICOM element runs past the end of the file)');
  });

  it('a deflate bomb: a small file that would inflate past the cap', async () => {
    const file = writeDicom({ transferSyntax: UID.deflatedLE, attributes: ct(4, 4), pixels: { native: u16Bytes(new Array(16).fill(1)) } });
    const body = metaEnd(file);
    // Valid deflated data set, then zeros: one private OB element claiming more than the cap.
    const head = zlib.inflateRawSync(file.subarray(body));
    const bomb = zlib.createDeflateRaw({ level: 9 });
    const chunks: Buffer[] = [];
    bomb.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => bomb.on('end', resolve));
    bomb.write(head.subarray(0, head.length));
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i <= MAX_INFLATED_BYTES / zeros.length; i++) bomb.write(zeros);
    bomb.end();
    await done;
    const bombFile = concat([file.subarray(0, body), ...chunks]);
    expect(bombFile.length).toBeLessThan(2 * 1024 * 1024);
    await refused(bombFile, /deflated data expands beyond \d+ MB; refused as a possible decompression bomb/);
  });

  it('a deflated file cut short', async () => {
    const file = writeDicom({ transferSyntax: UID.deflatedLE, attributes: ct(64, 64), pixels: { native: u16Bytes(Array.from({ length: 64 * 64 }, (_, i) => (i * 7919) % 4096)) } });
    await refused(file.subarray(0, file.length - 2000), 'file is truncated (the pixel data ends early)');
  });

  it('damaged deflated data', async () => {
    const file = writeDicom({ transferSyntax: UID.deflatedLE, attributes: ct(4, 4), pixels: { native: u16Bytes(new Array(16).fill(1)) } });
    const broken = file.slice();
    broken.fill(0xff, metaEnd(file), metaEnd(file) + 8);
    await refused(broken, 'deflated data is damaged (it could not be inflated)');
  });

  it('not DICOM at all', async () => {
    await refused(new Uint8Array(400), 'not a DICOM file');
  });
});
