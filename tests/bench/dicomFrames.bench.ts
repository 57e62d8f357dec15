import { expect, it } from 'vitest';
import { decodeDicomFrame, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { UID, greyAttributes, u16Bytes, writeDicom } from '../helpers/dicomFiles.js';

const FRAMES = 40;
const SIDE = 512;

it(`frames of one ${FRAMES}-frame ${SIDE}² DICOM decoded one after the other, as thumbnails are (info + frame each)`, async () => {
  const values = Array.from({ length: SIDE * SIDE * FRAMES }, (_, i) => (i * 7) % 4096);
  for (const [name, ts] of [
    ['deflated', UID.deflatedLE],
    ['explicit little endian', UID.explicitLE],
  ] as const) {
    const file = writeDicom({ transferSyntax: ts, attributes: greyAttributes(SIDE, SIDE, { allocated: 16, stored: 12, signed: false }, { NumberOfFrames: FRAMES }), pixels: { native: u16Bytes(values) } });
    const t = performance.now();
    for (let f = 0; f < FRAMES; f++) {
      readDicomInfo(file);
      const frame = await decodeDicomFrame(file, f);
      expect(frame.data[0]).toBe((f * SIDE * SIDE * 7) % 4096);
    }
    console.log(`${name} ${FRAMES}-frame ${SIDE}² file: ${((performance.now() - t) / FRAMES).toFixed(1)} ms per frame`);
  }
});
