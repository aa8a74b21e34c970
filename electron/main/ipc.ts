import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/api/bridge';
import { apiMethods, type ApiMethod } from '../../shared/api/contract';
import type { ApiResponse } from '../../shared/api/errors';
import type { Api } from '../core/api/index';
import { isAppUrl } from './app-origin';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * THE one place an IPC handler is registered (tests/electron/static-checks.test.ts fails on any other
 * ipcMain.handle/on). Every message first passes the sender check, then its raw arguments go to the
 * engine's dispatcher, which validates them against the contract before any handler runs. A refused
 * sender gets a rejected promise, not an ApiResponse: it is not a caller we answer.
 */
function handleValidated(
  channel: string,
  isTrustedSender: SenderCheck,
  call: (rawArgs: unknown) => Promise<ApiResponse<unknown>>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<ApiResponse<unknown>> => {
    if (!isTrustedSender(event)) throw new Error(`refused ${channel}: the sender is not a Strongroom window`);
    // The bridge sends exactly one argument object; anything else was not sent by it.
    if (args.length !== 1) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `${channel} takes exactly one argument` } };
    return call(args[0]);
  });
}

/** One channel per contract method, each bound to its method name so a channel can reach nothing else. */
export function registerApiHandlers(api: Pick<Api, 'dispatch'>, isTrustedSender: SenderCheck): () => void {
  const methods = Object.keys(apiMethods) as ApiMethod[];
  for (const method of methods) handleValidated(ipcChannel(method), isTrustedSender, (rawArgs) => api.dispatch(method, rawArgs));
  return () => {
    for (const method of methods) ipcMain.removeHandler(ipcChannel(method));
  };
}

/** Engine events go to our windows only, and only while they show a page of our own origin. */
export function forwardApiEvents(events: Api['events'], targets: () => Iterable<WebContents>): () => void {
  return events.subscribe((event, payload) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT_CHANNEL, event, payload);
    }
  });
}
