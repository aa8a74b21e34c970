import { engineErrorCodes } from '../../shared/api/errors';

/**
 * Every failure the engine reports carries a stable code, so the CLI, the IPC layer and the tests can
 * react to the kind of failure without parsing messages. Messages are written for the person at the
 * keyboard and never contain key material.
 */
export const errorCodes = engineErrorCodes;

export type ErrorCode = (typeof errorCodes)[number];

export class StrongroomError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StrongroomError';
    this.code = code;
  }
}

export function isStrongroomError(err: unknown, code?: ErrorCode): err is StrongroomError {
  return err instanceof StrongroomError && (code === undefined || err.code === code);
}

/** A short description of an unknown thrown value, for reports that must not leak stack traces. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
