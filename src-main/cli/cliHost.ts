import path from 'node:path';
import type { MethodName, Params, Result } from '../api/contract.js';
import type { DatasetInfo } from '../api/datasets.js';
import { type ErrorCode, LightboxError, errorCodes, isLightboxError } from '../api/errors.js';
import type { EventName, EventPayload } from '../api/events.js';
import type { JobInfo } from '../api/jobs.js';
import { dispatch } from '../services/dispatch.js';
import { Session } from '../services/Session.js';
import { progressPrinter } from './cliSupport.js';

/** What the person typed for each field of a method's params, so a refusal names it their way (`out` is --out). */
export type ParamNames<M extends MethodName> = Partial<Record<keyof Params<M> & string, string>>;

/**
 * The CLI's typed client of the contract: every command reaches the dataset through `dispatch`,
 * as the IPC and WebSocket hosts do, so what a person types is validated as the renderer's calls are.
 */
export interface CliHost {
  /** The state behind the contract (the web host of `serve` is given it). */
  readonly session: Session;
  call<M extends MethodName>(method: M, params: Params<M>, names?: ParamNames<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Start a job through the contract and follow its `job.progress` events to the end, with a
   * progress line on stderr; Ctrl+C cancels it through `jobs.cancel`. Resolves to the job's result.
   */
  runJob<T>(label: string, start: () => Promise<{ jobId: string }>): Promise<T>;
  close(): void;
}

/** A BAD_PARAMS refusal from the contract, retold with the option's name instead of the field's. */
function named(e: unknown, names: Record<string, string | undefined> | undefined): unknown {
  if (!isLightboxError(e) || e.code !== 'BAD_PARAMS' || !names) return e;
  const field = (e.details as { path?: unknown[] } | undefined)?.path?.[0];
  const name = typeof field === 'string' ? names[field] : undefined;
  if (!name) return e;
  const why = e.message.replace(/^Invalid [^:]*: /, '');
  return new LightboxError('BAD_PARAMS', `Invalid ${name}: ${why}`);
}

export function hostOf(session: Session): CliHost {
  const host: CliHost = {
    session,
    async call(method, params, names) {
      try {
        return (await dispatch(session, method, params)) as never;
      } catch (e) {
        throw named(e, names as Record<string, string | undefined> | undefined);
      }
    },
    on(event, listener) {
      return session.onEvent((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
    async runJob<T>(label: string, start: () => Promise<{ jobId: string }>): Promise<T> {
      const printer = progressPrinter(label);
      let jobId: string | undefined;
      // Events of a job can arrive while its start call is still answering: keep them until its id is known.
      const early: JobInfo[] = [];
      let settle!: (info: JobInfo) => void;
      const ended = new Promise<JobInfo>((resolve) => (settle = resolve));
      const follow = (info: JobInfo) => {
        if (info.id !== jobId) return;
        printer.onJob(info);
        if (info.state !== 'running') settle(info);
      };
      const off = host.on('job.progress', (info) => (jobId === undefined ? early.push(info) : follow(info)));
      let interrupted = false;
      const onSigint = () => {
        // A second Ctrl+C does not wait for the job to notice.
        if (interrupted || jobId === undefined) process.exit(130);
        interrupted = true;
        host.call('jobs.cancel', { id: jobId }).catch(() => undefined);
      };
      process.on('SIGINT', onSigint);
      try {
        jobId = (await start()).jobId;
        early.splice(0).forEach(follow);
        const now = await host.call('jobs.get', { id: jobId });
        if (now.state !== 'running') follow(now);
        const end = await ended;
        if (end.state === 'done') return end.result as T;
        if (end.state === 'cancelled') throw new LightboxError('CANCELLED', `${label} cancelled.`);
        const code = errorCodes.find((c) => c === end.error?.code) ?? 'INTERNAL';
        throw new LightboxError(code satisfies ErrorCode, end.error?.message ?? `${label} failed.`);
      } finally {
        process.off('SIGINT', onSigint);
        off();
        printer.end();
      }
    },
    close() {
      session.close();
    },
  };
  return host;
}

/**
 * Open DATASET through the contract for one command. The CLI does not touch the app's list of
 * recent datasets: a script's folders are not the ones the person works on.
 */
export async function openHost(dataset: string): Promise<{ host: CliHost; dataset: DatasetInfo }> {
  const host = hostOf(new Session());
  try {
    const info = await host.call('datasets.open', { path: path.resolve(dataset), remember: false }, { path: 'DATASET' });
    return { host, dataset: info };
  } catch (e) {
    host.close();
    throw e;
  }
}
