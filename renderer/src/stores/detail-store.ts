import { create } from 'zustand';
import type { ApiArgs } from '../../../shared/api/contract';
import type { ApprovalState, AssetDetail } from '../../../shared/api/schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import { reportError } from './toast-store';

export type EditableAssetFields = Omit<ApiArgs<'assets.update'>, 'id'>;

export interface DetailStore {
  /** The asset the panel is about (the single selected one), or null. */
  readonly assetId: string | null;
  readonly detail: AssetDetail | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** The user can close the panel; Enter or a double-click opens it again. */
  readonly open: boolean;
  /** Bumped when the keyboard focus should move into the panel (Enter on the grid). */
  readonly focusRequest: number;

  show(assetId: string | null): void;
  reload(): Promise<void>;
  update(fields: EditableAssetFields): Promise<boolean>;
  setApproval(version: number, state: ApprovalState): Promise<void>;
  openPanel(moveFocus: boolean): void;
  closePanel(): void;
  reset(): void;
}

export const useDetail = create<DetailStore>()((set, get) => {
  /** Applies an answer only if the panel still shows that asset (the user may have moved on). */
  const applyIfCurrent = (assetId: string, detail: AssetDetail) => {
    if (get().assetId === assetId) set({ detail, loading: false, error: null });
  };

  async function load(assetId: string): Promise<void> {
    try {
      applyIfCurrent(assetId, await api.call('assets.get', { id: assetId }));
    } catch (error) {
      if (get().assetId === assetId) set({ loading: false, error: humanMessage(error) });
    }
  }

  return {
    assetId: null,
    detail: null,
    loading: false,
    error: null,
    open: true,
    focusRequest: 0,

    show(assetId) {
      if (assetId === get().assetId) return;
      // Keep nothing of the previous asset on screen while the next one loads.
      set({ assetId, detail: null, error: null, loading: assetId !== null });
      if (assetId !== null) void load(assetId);
    },

    async reload() {
      const { assetId } = get();
      if (assetId !== null) await load(assetId);
    },

    async update(fields) {
      const { assetId } = get();
      if (assetId === null) return false;
      try {
        applyIfCurrent(assetId, await api.call('assets.update', { id: assetId, ...fields }));
        return true;
      } catch (error) {
        reportError('Could not save the change', error);
        return false;
      }
    },

    async setApproval(version, state) {
      const { assetId } = get();
      if (assetId === null) return;
      try {
        applyIfCurrent(assetId, await api.call('assets.setApproval', { id: assetId, version, state }));
      } catch (error) {
        reportError('Could not change the approval state', error);
      }
    },

    openPanel(moveFocus) {
      set((s) => ({ open: true, focusRequest: moveFocus ? s.focusRequest + 1 : s.focusRequest }));
    },

    closePanel() {
      set({ open: false });
    },

    reset() {
      set({ assetId: null, detail: null, loading: false, error: null, open: true });
    },
  };
});
