/**
 * DICOM Part 10: the header (size, units, windows, spacing, series) and the decoded frames.
 * dicom-parser reads the data set; the Cornerstone WebAssembly codecs and jpeg-lossless-decoder-js
 * decode compressed pixels. Display windows come from ../window.ts, shared with 16-bit PNG/TIFF.
 *
 * Typical use: `readDicomInfo(prefix, { fileSize })` to index a file (a prefix that reaches the
 * Pixel Data element is enough; for a deflated file, one that holds its compressed header);
 * `decodeDicomFrame(bytes, i)` with the whole file to show frame i; then `applyVoiLut(frame,
 * info.voiLut)` when the file has a VOI LUT, else `applyWindow(frame, c, w, info.voiLutFunction)`
 * with `info.windows[0]` or `histogramWindow(frame.data)`. Every refusal is a DicomError whose
 * message is the reason to list among the unreadable files. Decoding is synchronous CPU work
 * (a 512×512 JPEG 2000 frame takes tens of milliseconds): run it off the UI thread.
 */
export { DicomError } from './DicomError.js';
export { isDicom, MAX_INFLATED_BYTES } from './parse.js';
export { readDicomInfo, type DicomInfo, type ModalityLut } from './info.js';
export { decodeDicomFrame } from './decode.js';
export type { DicomFrame } from './pixels.js';
export { applyVoiLut, applyWindow, histogramWindow, type VoiFunction, type VoiLut, type WindowInput } from '../window.js';
export { TS as TRANSFER_SYNTAX } from './transferSyntax.js';
