/**
 * Counts events per key in a sliding window (in memory: limits reset when the server restarts, which
 * an attacker cannot cause). `hit` records one event; `retryAfter` says how long until a blocked key
 * is under its limit again, in whole seconds, or 0 when it is not blocked.
 */
export class SlidingLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.events.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.events.delete(key);
    else this.events.set(key, list);
    return list;
  }

  hit(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.events.set(key, list);
    // Bound memory under a flood of distinct keys: the oldest keys go first.
    if (this.events.size > 50_000) this.events.delete(this.events.keys().next().value as string);
  }

  retryAfter(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.max]! + this.windowMs - now) / 1000));
  }
}
