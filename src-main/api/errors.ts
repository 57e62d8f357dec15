/**
 * Errors that cross the contract. `code` is stable and translatable by the UI;
 * `message` is an English sentence written for the person using the app. The renderer shows it in
 * Chinese from src-renderer/i18n/errorMessages.ts, keyed by the message as written here; a new
 * message needs its line there (tests/unit/errorMessages.test.ts finds every one in src-main).
 */
export const errorCodes = [
  'BAD_PARAMS',
  'UNKNOWN_METHOD',
  'NO_DATASET',
  'NOT_FOUND',
  'NOT_A_FOLDER',
  'NOT_WRITABLE',
  'STORE_TOO_NEW',
  'STORE_BUSY',
  /** The store's files were deleted or replaced under the open dataset: writing stopped; reopen it. */
  'STORE_REPLACED',
  'CONFLICT',
  'UNSAFE_PATH',
  'UNREADABLE',
  'CANCELLED',
  'BAD_FILE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class LightboxError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'LightboxError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(p: ErrorPayload): LightboxError {
    return new LightboxError(p.code, p.message, p.details);
  }
}

export function isLightboxError(e: unknown): e is LightboxError {
  return e instanceof LightboxError;
}
