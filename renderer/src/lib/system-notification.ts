/**
 * The operating system's notifications, where the platform offers them and the user allowed them (the
 * Electron shell denies every permission, so there the in-app toast is the notification).
 */
export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

/** Asks once, from a click (browsers ignore requests without a user gesture). */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (notificationPermission() === 'unsupported') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return notificationPermission();
  }
}

export function showSystemNotification(title: string, body: string): boolean {
  if (notificationPermission() !== 'granted') return false;
  try {
    new Notification(title, { body, tag: 'strongroom-share' });
    return true;
  } catch {
    return false;
  }
}
