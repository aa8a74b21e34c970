/** Counts slots for a CPU-bound stage so I/O-bound stages around it can overlap without oversubscribing. */
export class Semaphore {
  private available: number;
  private readonly waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.available = slots;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.available > 0) this.available -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.available += 1;
    }
  }
}
