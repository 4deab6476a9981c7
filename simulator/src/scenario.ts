import { SimEvent } from './events';
import { Random } from './random';
import { loginSession } from './session';
import { iso, Story, TimedEvent } from './story';
import { User, Workflow, World } from './world';
import { runWorkflow } from './workflow-run';

export interface ScenarioOptions {
  seed: number;
  /** Where the stream begins: the workflow definitions, then the first sessions. */
  start: Date;
  /** From `from` on, sessions start often enough for about `eventsPerSecond`, instead of at a working day's pace. */
  live?: { from: Date; eventsPerSecond: number };
}

const DAY_MS = 86_400_000;
const SESSIONS_PER_USER_PER_WEEKDAY = 4;
const WEEKEND_FACTOR = 0.3;
// Logins by hour of day (UTC) on a weekday, scaled below to average 1.
const HOURLY = [
  0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.1, 1.6, 1.9, 2, 1.9, 1.5, 1.8, 1.9, 1.8, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.25,
  0.2,
];
const HOURLY_MEAN = HOURLY.reduce((sum, weight) => sum + weight, 0) / HOURLY.length;
const CALIBRATION_SESSIONS = 100;

const byTime = (a: TimedEvent, b: TimedEvent) => a.at - b.at || a.story - b.story || a.seq - b.seq;

/** How many events one login session brings on average, to turn an event rate into a session rate. */
function eventsPerSession(world: World, seed: number): number {
  let total = 0;
  for (let i = 0; i < CALIBRATION_SESSIONS; i++) {
    const story = new Story(world, new Random(seed, 'calibration', i), i);
    loginSession(story, story.random.pick(world.users), Date.UTC(2026, 0, 5, 10));
    total += story.events.length;
  }
  return total / CALIBRATION_SESSIONS;
}

/**
 * The seeded stream of events from `start` on, in time order. Sessions arrive at random, more
 * on weekdays and working hours; scheduled workflows run on their schedule. Each thread of
 * activity is written out when it begins, from its own random stream, so one seed and one start
 * give the same events however the stream is read.
 */
export class Scenario {
  private readonly startMs: number;
  private readonly arrivals: Random;
  private readonly pending: TimedEvent[] = [];
  private stories = 1;
  private nextSessionAt: number;
  private readonly nextRunAt = new Map<Workflow, number>();
  private readonly historyPeakPerMs: number;
  private readonly livePerMs: number;
  private readonly liveFromMs: number;

  constructor(
    private readonly world: World,
    private readonly options: ScenarioOptions
  ) {
    this.startMs = options.start.getTime();
    this.arrivals = new Random(options.seed, this.startMs, 'arrivals');
    this.historyPeakPerMs = this.historyPerMs(Date.UTC(2026, 0, 5, 10));
    this.liveFromMs = options.live?.from.getTime() ?? Infinity;
    this.livePerMs = options.live ? options.live.eventsPerSecond / 1000 / eventsPerSession(world, options.seed) : 0;
    for (const workflow of world.workflows) {
      this.pending.push({
        at: this.startMs,
        story: 0,
        seq: this.pending.length,
        event: {
          workflow: {
            key: workflow.key,
            name: workflow.name,
            nodes: workflow.nodes.map((node) => ({
              key: node.key,
              label: node.label,
              agent: node.agent?.name,
              tool: node.tool?.name,
            })),
            edges: workflow.edges.map(([from, to]) => ({ from, to })),
            at: iso(this.startMs),
          },
        },
      });
      if (workflow.everyMinutes) this.nextRunAt.set(workflow, this.firstSlot(workflow, workflow.everyMinutes));
    }
    this.nextSessionAt = this.sessionAfter(this.startMs);
  }

  /** The events due up to `until` (inclusive), in time order; each call carries on from the last. */
  take(until: Date): SimEvent[] {
    const limit = until.getTime();
    for (;;) {
      const [workflow, slot] = [...this.nextRunAt].reduce<[Workflow | undefined, number]>(
        (earliest, entry) => (entry[1] < earliest[1] ? entry : earliest),
        [undefined, Infinity]
      );
      if (Math.min(this.nextSessionAt, slot) > limit) break;
      const story = new Story(this.world, new Random(this.options.seed, this.startMs, this.stories), this.stories++);
      if (this.nextSessionAt <= slot) {
        loginSession(story, this.pickUser(story.random), this.nextSessionAt);
        this.nextSessionAt = this.sessionAfter(this.nextSessionAt);
      } else {
        runWorkflow(story, workflow!, slot + story.delay(2_000, 0.5), { subject: workflow!.name });
        this.nextRunAt.set(workflow!, slot + workflow!.everyMinutes! * 60_000);
      }
      this.pending.push(...story.events);
    }
    this.pending.sort(byTime);
    const due = this.pending.findIndex((timed) => timed.at > limit);
    return this.pending.splice(0, due === -1 ? this.pending.length : due).map((timed) => timed.event);
  }

  /** Expected logins per millisecond at `ms` outside live mode. */
  private historyPerMs(ms: number): number {
    const time = new Date(ms);
    const weekend = time.getUTCDay() === 0 || time.getUTCDay() === 6;
    const perDay = this.world.users.length * SESSIONS_PER_USER_PER_WEEKDAY * (weekend ? WEEKEND_FACTOR : 1);
    return (perDay / DAY_MS) * (HOURLY[time.getUTCHours()] / HOURLY_MEAN);
  }

  /** The next login after `ms`: a Poisson process, thinned to follow the time of day. */
  private sessionAfter(ms: number): number {
    let t = ms;
    for (;;) {
      if (t >= this.liveFromMs)
        return this.livePerMs > 0 ? t + this.arrivals.exponential(1 / this.livePerMs) : Infinity;
      const candidate = t + this.arrivals.exponential(1 / this.historyPeakPerMs);
      // Arrivals have no memory, so the live pace can simply take over at its start.
      if (candidate >= this.liveFromMs) t = this.liveFromMs;
      else if (this.arrivals.next() * this.historyPeakPerMs < this.historyPerMs(candidate)) return candidate;
      else t = candidate;
    }
  }

  /** The first scheduled time at or after the start; each workflow has its own minute past the hour. */
  private firstSlot(workflow: Workflow, everyMinutes: number): number {
    const period = everyMinutes * 60_000;
    const offset = new Random('schedule', workflow.key).int(0, everyMinutes - 1) * 60_000;
    return Math.ceil((this.startMs - offset) / period) * period + offset;
  }

  /** Busy people log in more often. */
  private pickUser(random: Random): User {
    return random.weighted(this.world.users.map((user) => [user, user.activity] as const));
  }
}

/** All the events from `options.start` up to `until`. */
export function generateEvents(world: World, options: ScenarioOptions, until: Date): SimEvent[] {
  return new Scenario(world, options).take(until);
}
