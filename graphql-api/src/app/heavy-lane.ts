// A heavy request ran for d ms: the next one waits as long (up to this), so cheap requests,
// which need a few turns of the event loop, get at least half of it (SQLite statements and the
// statistics' arithmetic run on this thread).
const MAX_PAUSE_MS = 250;

/**
 * A few places for heavy requests (those costing QUERY_HEAVY_COST or more): the others wait
 * their turn, in order, and each turn is followed by a pause as long as it, so that heavy
 * requests take turns with each other and cheap ones never queue behind more than the few
 * running. A request that cannot get a place before its deadline gives up.
 */
export class HeavyLane {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly places: number) {}

  /** Resolves true once the caller holds a place (it must leave() then), false at the deadline. */
  async enter(deadline: number): Promise<boolean> {
    if (this.running < this.places && this.waiting.length === 0) {
      this.running += 1;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        this.running += 1;
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          this.waiting.splice(this.waiting.indexOf(turn), 1);
          resolve(false);
        },
        Math.max(0, deadline - Date.now())
      );
      this.waiting.push(turn);
    });
  }

  /** Gives the place back after a turn that began at `enteredAt` (performance.now()). */
  leave(enteredAt: number): void {
    setTimeout(
      () => {
        this.running -= 1;
        this.waiting.shift()?.();
      },
      Math.min(MAX_PAUSE_MS, performance.now() - enteredAt)
    );
  }
}
