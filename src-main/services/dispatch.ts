import { ZodError } from 'zod';
import { type MethodName, methods, isMethodName } from '../api/contract.js';
import { type ErrorPayload, LightboxError, isLightboxError } from '../api/errors.js';
import { acquireHandlers } from './acquireService.js';
import { captureHandlers } from './captureService.js';
import { classesHandlers } from './classesService.js';
import { datasetsHandlers } from './datasetsService.js';
import { exportsHandlers } from './exportsService.js';
import type { Handler, Handlers } from './handlers.js';
import { annotationsHandlers } from './annotationsService.js';
import { imagesHandlers } from './imagesService.js';
import { measurementsHandlers } from './measurementsService.js';
import { jobsHandlers } from './jobsService.js';
import { labelsHandlers } from './labelsService.js';
import { samHandlers } from './samService.js';
import { packagesHandlers } from './packagesService.js';
import { modelsHandlers } from './modelsService.js';
import { segmentHandlers } from './segmentService.js';
import type { Session } from './Session.js';
import { privacyHandlers } from './faceProposalJob.js';
import { settingsHandlers } from './settingsService.js';
import { suggestionsHandlers } from './suggestionsService.js';

/** Every contract method's implementation. The type makes a missing handler a compile error. */
export const handlers: Handlers<MethodName> = {
  ...datasetsHandlers,
  ...imagesHandlers,
  ...measurementsHandlers,
  ...classesHandlers,
  ...labelsHandlers,
  ...jobsHandlers,
  ...settingsHandlers,
  ...exportsHandlers,
  ...annotationsHandlers,
  ...segmentHandlers,
  ...samHandlers,
  ...acquireHandlers,
  ...captureHandlers,
  ...packagesHandlers,
  ...modelsHandlers,
  ...suggestionsHandlers,
  ...privacyHandlers,
};

function describeZod(e: ZodError): string {
  const first = e.issues[0];
  if (!first) return 'Invalid parameters.';
  const where = first.path.length > 0 ? first.path.join('.') : 'params';
  return `Invalid ${where}: ${first.message}`.slice(0, 500);
}

/** Turn anything thrown by a service into the error payload that crosses the contract. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isLightboxError(e)) return e.toPayload();
  if (e instanceof ZodError) return { code: 'BAD_PARAMS', message: describeZod(e) };
  const code = (e as { code?: string })?.code;
  if (code === 'SQLITE_BUSY') return { code: 'STORE_BUSY', message: 'The dataset is busy in another program. Try again in a moment.' };
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
    return { code: 'BAD_FILE', message: 'The label store of this dataset is damaged. Restore .lightbox/labels.sqlite from a backup or move it aside.' };
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return { code: 'NOT_WRITABLE', message: 'The disk is full. Free some space and try again; nothing was lost.' };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code?.startsWith('SQLITE_READONLY')) {
    return { code: 'NOT_WRITABLE', message: 'Lightbox could not write there: the folder is read-only or you lack permission.' };
  }
  return { code: 'INTERNAL', message: `Something went wrong inside Lightbox: ${String((e as Error)?.message ?? e).slice(0, 300)}` };
}

/**
 * The single entry point of every transport: validate params against the contract (the caller is
 * untrusted), run the service, validate nothing on the way out (our own code), map errors.
 */
export async function dispatch(session: Session, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethodName(method)) {
    throw new LightboxError('UNKNOWN_METHOD', `There is no method "${String(method).slice(0, 100)}".`);
  }
  const parsed = methods[method].params.safeParse(params ?? {});
  // The field's path goes with the message, so a host can name it its own way (the CLI: `out` is --out).
  if (!parsed.success) throw new LightboxError('BAD_PARAMS', describeZod(parsed.error), { path: parsed.error.issues[0]?.path ?? [] });
  const handler = handlers[method] as Handler<MethodName>;
  try {
    return await handler(parsed.data as never, session);
  } catch (e) {
    const p = toErrorPayload(e);
    if (p.code === 'INTERNAL') console.error(`[lightbox] ${method} failed:`, e);
    throw new LightboxError(p.code, p.message, p.details);
  }
}
