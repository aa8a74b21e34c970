import type { SyncErrorKind, SyncReviewItem, SyncState, SyncStatus, SyncTargetView } from '../../../shared/api/sync-contract';
import { formatBytes, formatDateTime, plural } from './format';

/** Words for the sync status line, the indicator and the review list. */
export const SYNC_STATE_LABELS: Readonly<Record<SyncState, string>> = {
  'not-connected': 'Not syncing',
  idle: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline',
  error: 'Sync problem',
};

/** What to do about each kind of failure; the engine's sentence above it says what happened. */
export const SYNC_ERROR_ADVICE: Readonly<Record<SyncErrorKind, string>> = {
  denied: 'Check the access key and secret (and the bucket’s permissions), then connect again with the right keys.',
  'bucket-missing': 'Check the bucket name and endpoint, or create the bucket, then connect again.',
  'folder-missing': 'Plug in the drive or restore the folder (or connect another one), then press Sync now.',
  'not-writable': 'Give this user write access to the folder, or free some space, then press Sync now.',
  unreachable: 'Your changes are kept and sent when the storage can be reached again. Check the network, or press Sync now to try at once.',
  keychain: 'Connect to the bucket again to store its keys in this device’s keychain.',
  retired: 'Another device retired this one. Join the vault again into a new folder to keep working.',
  conflict: 'Choose another folder or prefix for this vault.',
  settings: 'Connect this vault to its folder or bucket again below; what the storage holds is kept.',
  other: 'Press Sync now to try again; the details are in Strongroom’s log.',
};

const PHASE_LABELS: Readonly<Record<NonNullable<SyncStatus['progress']>['phase'], string>> = {
  baseline: 'Preparing the library for its first sync',
  header: 'Checking the storage',
  send: 'Sending changes',
  receive: 'Receiving changes',
  blobs: 'Moving images',
  snapshot: 'Writing a snapshot',
  done: 'Finishing',
};

export function phaseLabel(progress: NonNullable<SyncStatus['progress']>): string {
  const label = PHASE_LABELS[progress.phase];
  if (progress.total === 0) return label;
  const bytes = progress.bytesTotal > 0 ? `, ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : '';
  return `${label}: ${progress.done} of ${progress.total}${bytes}`;
}

export function describeSyncTarget(target: SyncTargetView): string {
  if (target.kind === 'folder') return target.path;
  return `${target.bucket}${target.prefix ? `/${target.prefix}` : ''}${target.endpoint ? ` at ${target.endpoint}` : ' (AWS)'}`;
}

/** "Last synced 12 Mar 2026, 14:02", or why not yet. */
export function lastSyncText(status: SyncStatus): string {
  return status.lastSyncAt === null ? 'Not synced yet' : `Last synced ${formatDateTime(status.lastSyncAt)}`;
}

export function pendingText(status: SyncStatus): string {
  const { opsUp, up, down } = status.pending;
  const parts: string[] = [];
  if (opsUp > 0) parts.push(`${plural(opsUp, 'change')} to send`);
  if (up.count > 0) parts.push(`${plural(up.count, 'image')} to upload (${formatBytes(up.bytes)})`);
  if (down.count > 0) parts.push(`${plural(down.count, 'image')} to download${down.bytes > 0 ? ` (${formatBytes(down.bytes)})` : ''}`);
  return parts.length === 0 ? 'Nothing waiting' : parts.join(', ');
}

/** What a merge found and what to do about it. */
export const REVIEW_LABELS: Readonly<Record<SyncReviewItem['kind'], { title: string; advice: string }>> = {
  'sibling-version': {
    title: 'Two devices added a new version at the same time',
    advice: 'Both versions were kept, one after the other. Open the image’s history, keep the right one current and approve it.',
  },
  'duplicate-version': {
    title: 'The same file was added as a new version twice',
    advice: 'One copy was kept. Nothing is lost; check the image’s history if the order matters.',
  },
  'edited-after-delete': {
    title: 'Edited on one device after it was deleted on another',
    advice: 'The deletion won. If the edit mattered, import the image again from its original file.',
  },
  'delete-blocked-by-share': {
    title: 'Deleted on one device while a share link used it',
    advice: 'The image was kept because a link still shows it. Revoke or delete the link, then delete the image again.',
  },
};
