import type { ApiEventPayload } from '../../../shared/api/contract';
import { showSystemNotification } from '../lib/system-notification';
import { useToasts } from './toast-store';

/**
 * A link opened for the first time: a toast in the window and, where the user allowed it, a system
 * notification (the window may be in the background). While the vault is locked no name is given, and
 * no toast is left behind in the locked window either.
 */
export function announceShareOpened(opened: ApiEventPayload<'shares.opened'>, unlocked: boolean): void {
  const who = unlocked && opened.recipientName ? opened.recipientName : 'Someone';
  const title = `${who} opened your link`;
  const body = 'Shares shows the timeline: what was viewed and downloaded.';
  showSystemNotification(title, body);
  if (unlocked) useToasts.getState().push({ tone: 'info', title, message: body });
}
