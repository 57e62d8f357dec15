/**
 * DICOM Part 10: the header (size, units, windows, spacing, series) and the decoded frames.
 * dicom-parser reads the data set; the Cornerstone WebAssembly codecs and jpeg-lossless-decoder-js
 * decode compressed pixels. Display windows come from ../window.ts, shared with 16-bit PNG/TIFF.
 */
export { DicomError } from './DicomError.js';
export { isDicom, MAX_INFLATED_BYTES } from './parse.js';
export { readDicomInfo, type DicomInfo } from './info.js';
export { decodeDicomFrame } from './decode.js';
export type { DicomFrame } from './pixels.js';
export { applyVoiLut, applyWindow, histogramWindow, type VoiFunction, type VoiLut, type WindowInput } from '../window.js';
export { TS as TRANSFER_SYNTAX } from './transferSyntax.js';
