import type { ApiMethod, ApiParsedArgs, ApiResult } from '../../../shared/api/contract';

/** The handlers of some contract methods; handlers.ts spreads several of these into the full table. */
export type HandlerMap<K extends ApiMethod> = { [M in K]: (args: ApiParsedArgs<M>) => Promise<ApiResult<M>> };
