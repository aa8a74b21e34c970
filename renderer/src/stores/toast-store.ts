import { create } from 'zustand';
import { humanMessage } from '../lib/error-messages';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  readonly id: number;
  readonly tone: ToastTone;
  readonly title: string;
  readonly message?: string;
}

interface ToastStore {
  toasts: readonly Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
  clear(): void;
}

/** Errors stay longer than confirmations: they are more likely to need reading twice. */
const LIFETIME_MS: Record<ToastTone, number> = { info: 5_000, success: 4_000, error: 10_000 };
const MAX_TOASTS = 4;

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useToasts = create<ToastStore>()((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    timers.set(
      id,
      setTimeout(() => get().dismiss(id), LIFETIME_MS[toast.tone]),
    );
    return id;
  },
  dismiss(id) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  clear() {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    set({ toasts: [] });
  },
}));

/** Shows a failure as "what could not be done" + a human reason. */
export function reportError(action: string, error: unknown): void {
  useToasts.getState().push({ tone: 'error', title: action, message: humanMessage(error) });
}

export function notify(title: string, message?: string): void {
  useToasts.getState().push({ tone: 'success', title, ...(message ? { message } : {}) });
}
