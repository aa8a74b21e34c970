import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { findBridge } from './window-bridge';

/** Picked once at start: the preload bridge means Electron; without it the page came from the browser shell. */
export function chooseTransport(): Transport {
  const bridge = findBridge();
  return bridge ? createIpcTransport(bridge) : createHttpTransport();
}
