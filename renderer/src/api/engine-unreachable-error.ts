import { ApiError } from '../../../shared/api/errors';

/**
 * The engine did not answer at all (the browser shell stopped, IPC failed). The contract has no code for
 * that, so it travels as INTERNAL; the subclass lets the UI say "not reachable" instead of "went wrong".
 */
export class EngineUnreachableError extends ApiError {
  constructor(detail: string) {
    super('INTERNAL', `Strongroom is not reachable (${detail})`);
    this.name = 'EngineUnreachableError';
  }
}
