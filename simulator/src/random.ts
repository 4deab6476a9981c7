const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** FNV-1a over the text, then murmur3's finalizer so that near-equal seeds start far apart. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seeded pseudo-random generator (mulberry32) with the distributions the simulator needs.
 * Every value the scenario draws comes from one of these, so a seed replays a run exactly.
 */
export class Random {
  private state: number;

  /** Seeded from its parts, e.g. (seed, start time, "session", 12): one stream per story. */
  constructor(...seed: Array<string | number>) {
    this.state = hashSeed(seed.join('\u001f'));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the items, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.next() * total;
    for (const [item, weight] of items) {
      left -= weight;
      if (left < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Latencies, token counts and human delays: mostly near the median, with a long right tail. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Waiting time between independent arrivals. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A ULID (time-ordered, like many platforms' ids): 10 characters of time, 16 random ones. */
  ulid(atMs: number): string {
    let time = '';
    let rest = Math.floor(atMs);
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[rest % 32] + time;
      rest = Math.floor(rest / 32);
    }
    let random = '';
    for (let i = 0; i < 16; i++) random += CROCKFORD[Math.floor(this.next() * 32)];
    return time + random;
  }
}
