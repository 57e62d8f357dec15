import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import { importFormatNames, startImport } from './importService.js';
import type { Session } from './Session.js';

/**
 * How the CLI (`lightbox import`, src-main/cli/commands/import.ts) starts an import until it
 * calls `acquire.importLabeled` through dispatch: derived from the one table behind
 * importService.ts, not a table of its own.
 */
export const importFormats = Object.fromEntries(importFormatNames.map((f) => [f, (s: Session, from: string) => startImport(s, f, from)])) as Record<
  LabeledFormat,
  (session: Session, from: string) => { id: string; promise: Promise<ImportSummary> }
>;
