// Bundled by tests/integration/dicomBundle.test.ts the way the CLI is built (CommonJS, packages
// external), to show the WebAssembly codecs load from such a bundle. Prints one JSON line per file.
import fs from 'node:fs';
import { decodeDicomFrame, readDicomInfo } from '../../src-main/imaging/dicom/index.js';

async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    try {
      const info = readDicomInfo(bytes);
      const frame = await decodeDicomFrame(bytes, 0);
      process.stdout.write(`${JSON.stringify({ file, transferSyntax: info.transferSyntax, values: Array.from(frame.data) })}\n`);
    } catch (e) {
      process.stdout.write(`${JSON.stringify({ file, error: String(e) })}\n`);
    }
  }
}

void main();
