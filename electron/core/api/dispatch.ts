import { apiMethods, isApiMethod } from '../../../shared/api/contract';
import { type ApiResponse, INTERNAL_ERROR_MESSAGE } from '../../../shared/api/errors';
import { isStrongroomError } from '../errors';
import type { Handlers } from './handlers';

export type Dispatch = (method: string, rawArgs: unknown) => Promise<ApiResponse<unknown>>;

/**
 * The single entry point both transports call: unknown methods and invalid arguments are refused with
 * a typed error before any handler runs; failures become { code, message } without stack traces.
 */
export function createDispatch(handlers: Handlers, log: (message: string) => void = () => undefined): Dispatch {
  return async (method, rawArgs) => {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown API method "${method.slice(0, 80)}"` } };
    const parsed = apiMethods[method].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `invalid arguments for ${method}: ${where}${issue?.message ?? 'invalid'}` } };
    }
    try {
      const handler = handlers[method] as (args: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      if (isStrongroomError(err)) return { ok: false, error: { code: err.code, message: err.message } };
      log(`internal error in ${method}: ${(err as Error)?.stack ?? String(err)}`);
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE } };
    }
  };
}
