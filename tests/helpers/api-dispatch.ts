import type { ApiArgs, ApiMethod, ApiResult } from '../../shared/api/contract';
import type { Api } from '../../electron/core/api';

/** A method through the real dispatcher; a refusal becomes a thrown error naming its code. */
export async function call<M extends ApiMethod>(api: Api, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const r = await api.dispatch(method, args);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as ApiResult<M>;
}

/** The typed error the dispatcher answers with; a success is a test failure. */
export async function failure(api: Api, method: ApiMethod, args: unknown): Promise<{ code: string; message: string }> {
  const r = await api.dispatch(method, args);
  if (r.ok) throw new Error(`${method} succeeded, expected a failure`);
  return r.error;
}
