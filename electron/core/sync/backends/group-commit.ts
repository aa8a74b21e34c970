/**
 * Group commit: work items that arrive while a commit runs wait and go together in the next one. A
 * folder's durability costs a journal commit and a disk cache flush per fsync, whatever it covers, so
 * making many objects durable at once (their fsyncs issued together, each folder fsynced once) costs
 * about what one object alone costs. The first item starts a commit at once, so a lone put does not
 * wait; under load the groups grow with the load, up to `maxGroup`.
 */
export class GroupCommit<T> {
  private readonly waiting: T[] = [];
  private running = false;

  constructor(
    private readonly commit: (group: T[]) => Promise<void>,
    private readonly maxGroup: number,
  ) {}

  /** Queues an item; `commit` settles it (it must, for every item it is given). */
  add(item: T): void {
    this.waiting.push(item);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, this.maxGroup));
    } finally {
      this.running = false;
    }
  }
}
