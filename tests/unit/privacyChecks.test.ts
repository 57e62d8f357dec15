import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifFlags } from '../../src-main/privacy/exifScan.js';
import { NameCheck } from '../../src-main/privacy/nameCheck.js';

const exifOf = async (withExif?: Parameters<Sharp['withExif']>[0]) => {
  let img = sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg();
  if (withExif) img = img.withExif(withExif);
  return (await sharp(await img.toBuffer()).metadata()).exif;
};

describe('EXIF and GPS in an image', () => {
  it('tells EXIF with a GPS position from EXIF without, and from none', async () => {
    expect(exifFlags(await exifOf({ IFD0: { Make: 'AcmeCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } }))).toEqual({ exif: true, gps: true });
    expect(exifFlags(await exifOf({ IFD0: { Make: 'AcmeCam' } }))).toEqual({ exif: true, gps: false });
    expect(exifFlags(await exifOf())).toEqual({ exif: false, gps: false });
  });

  it('reads a truncated or malformed block without reading past its end', async () => {
    const real = (await exifOf({ IFD0: { Make: 'AcmeCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } }))!;
    for (let n = 0; n < real.length; n += 3) expect(() => exifFlags(real.subarray(0, n))).not.toThrow();
    const liar = Buffer.from('Exif\0\0II*\0\xff\xff\xff\x7f', 'latin1'); // IFD0 far beyond the end
    expect(exifFlags(liar)).toEqual({ exif: true, gps: false });
  });
});

describe('file names that may identify a person', () => {
  it('flags a run of 6 or more digits, not a short counter or a date with separators', () => {
    const check = new NameCheck();
    expect(check.reason('john_smith_1234567.jpg')).toBe('contains a run of 7 digits (an id?)');
    expect(check.reason('MRN004512.png')).toBe('contains a run of 6 digits (an id?)');
    expect(check.reason('IMG_0042.jpg')).toBeNull();
    expect(check.reason('2026-11-29_cat.jpg')).toBeNull();
  });

  it('flags a listed name in any order, case and separator, and not a part of a word', () => {
    const check = new NameCheck(['SMITH^JOHN', 'Li Wei']);
    expect(check.reason('john_smith_01.jpg')).toBe('contains the name "SMITH^JOHN"');
    expect(check.reason('JohnSmith.png')).toBe('contains the name "SMITH^JOHN"');
    expect(check.reason('scan-wei-LI.tif')).toBe('contains the name "Li Wei"');
    expect(check.reason('john_doe.jpg')).toBeNull();
    expect(check.reason('blacksmithjohnson.jpg')).toBeNull();
  });
});
