import type { PowerMonitor } from 'electron';

/**
 * Locks the vault when the machine is suspended or the user locks the screen: an unattended computer
 * must not keep the vault open until the idle timer runs out.
 */
export function lockOnSystemEvents(monitor: Pick<PowerMonitor, 'on'>, lock: () => void): void {
  monitor.on('lock-screen', () => lock());
  monitor.on('suspend', () => lock());
}
