import type { StrongroomBridge } from '../../../shared/api/bridge';

declare global {
  interface Window {
    /** Set by Electron's preload (shared/api/bridge.ts); absent in the browser shell. */
    readonly strongroom?: StrongroomBridge;
  }
}

/** The preload bridge when running inside Electron, else null. */
export function findBridge(): StrongroomBridge | null {
  return typeof window !== 'undefined' && window.strongroom ? window.strongroom : null;
}
