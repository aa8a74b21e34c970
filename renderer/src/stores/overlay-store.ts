import { create } from 'zustand';

export type DesignerTab = 'watermarks' | 'renditions';

export type SharesTab = 'links' | 'server';

/** What covers the library: at most one of the export and share screens or dialogs at a time. */
export type Overlay =
  | { readonly kind: 'designer'; readonly tab: DesignerTab }
  | { readonly kind: 'rights' }
  | { readonly kind: 'export' }
  | { readonly kind: 'share' }
  | { readonly kind: 'shares'; readonly tab: SharesTab }
  | { readonly kind: 'sync' }
  | null;

export interface OverlayStore {
  readonly overlay: Overlay;
  show(overlay: NonNullable<Overlay>): void;
  close(): void;
}

export const useOverlay = create<OverlayStore>()((set) => ({
  overlay: null,
  show(overlay) {
    set({ overlay });
  },
  close() {
    set({ overlay: null });
  },
}));
