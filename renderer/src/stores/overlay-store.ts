import { create } from 'zustand';

export type DesignerTab = 'watermarks' | 'renditions';

/** What covers the library: at most one of the export settings screens or dialogs at a time. */
export type Overlay = { readonly kind: 'designer'; readonly tab: DesignerTab } | { readonly kind: 'rights' } | { readonly kind: 'export' } | null;

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
