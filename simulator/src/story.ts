import { SimEvent } from './events';
import { Random } from './random';
import { QUARTERS, REGIONS, User, World } from './world';

/** An event with the time it happens, and its place in its story (causes come first). */
export interface TimedEvent {
  at: number;
  story: number;
  seq: number;
  event: SimEvent;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One thread of activity (a login session, a scheduled run) written out in full when it begins,
 * with its own random stream so it does not depend on when or how the stream is read.
 */
export class Story {
  readonly events: TimedEvent[] = [];

  constructor(
    readonly world: World,
    readonly random: Random,
    readonly index: number
  ) {}

  emit(at: number, event: SimEvent): void {
    this.events.push({ at: Math.round(at), story: this.index, seq: this.events.length, event });
  }

  /** A platform id such as "run_01JD4Q…": a prefix and a ULID of the time it is made. */
  id(prefix: string, at: number): string {
    return `${prefix}_${this.random.ulid(at)}`;
  }

  /** A few seconds, minutes… : a log-normal duration in whole milliseconds. */
  delay(medianMs: number, sigma = 0.6): number {
    return Math.round(this.random.logNormal(medianMs, sigma));
  }

  /** Fills {customer}, {region}, {quarter} and {ticket} in a prompt or title. */
  fill(template: string): string {
    return template
      .replace('{customer}', () => this.random.pick(this.world.customers))
      .replace('{region}', () => this.random.pick(REGIONS))
      .replace('{quarter}', () => this.random.pick(QUARTERS))
      .replace('{ticket}', () => `#${this.random.int(10_000, 99_999)}`);
  }

  /** Someone other than `user` (a lead, a reviewer), or anyone when there is no one else. */
  otherUser(user?: User): User {
    const others = this.world.users.filter((candidate) => candidate !== user);
    return this.random.pick(others.length > 0 ? others : this.world.users);
  }
}
